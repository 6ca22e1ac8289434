import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { isAppError } from '@/lib/errors';
import { forwardAction } from './actions';
import { ForwardForm } from './forward-form';

export const dynamic = 'force-dynamic';

export default async function ForwardPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const shared = await currentLinkActor(linkId)
    .then(async (actor) => listSharedStudies(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  if (!shared.canForward) notFound();
  // Whole days left on the patient's own link: a forwarded link may not outlive it.
  const maxDays = Math.floor((shared.linkExpiresAt.getTime() - new Date().getTime()) / 86_400_000);
  return (
    <main>
      <h1>Send to a specialist</h1>
      {maxDays < 1 ? (
        <p className="card">Your link ends in less than a day, so it cannot be forwarded. Ask the facility for a new one.</p>
      ) : (
        <ForwardForm
          action={forwardAction.bind(null, linkId)}
          studies={shared.studies.map((s) => ({ id: s.id, label: `${s.description || 'Imaging study'} (${s.studyDate ?? 'date unknown'})` }))}
          maxDays={maxDays}
        />
      )}
      <p><Link href={`/links/${linkId}`}>Back to your imaging</Link></p>
    </main>
  );
}
