import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { LinkHistoryTable } from '@/app/components/link-history-table';
import { linkAccessHistoryForPatient } from '@/lib/audit/link-access-history';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

// The patient sees who used their link: when it was opened, viewed or downloaded, and from where.
export default async function PatientLinkHistoryPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const events = await currentLinkActor(linkId)
    .then(async (actor) => linkAccessHistoryForPatient(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  return (
    <main>
      <h1>Who used this link</h1>
      <p className="muted">Every time this link was opened, viewed or downloaded, or a wrong code was tried, with the network address it came from.</p>
      <LinkHistoryTable events={events} />
      <p><Link href={`/links/${linkId}`}>Back to your imaging</Link></p>
    </main>
  );
}
