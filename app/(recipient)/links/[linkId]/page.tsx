import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { isAppError } from '@/lib/errors';
import { SharedStudyList } from './shared-study-list';

export const dynamic = 'force-dynamic';

export default async function SharedStudiesPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const result = await currentLinkActor(linkId)
    .then(async (actor) => ({ ...(await listSharedStudies(actor, requestContextFrom(await headers()))), isPatient: actor.recipientKind === 'patient' }))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  return (
    <main>
      <h1>Your shared imaging</h1>
      <p className="muted">Available until {result.linkExpiresAt.toLocaleString('en-GB', { timeZone: 'UTC' })} UTC.</p>
      <SharedStudyList linkId={linkId} studies={result.studies} />
      {result.isPatient && (
        <p><Link href={`/links/${linkId}/history`}>See who used this link</Link></p>
      )}
    </main>
  );
}
