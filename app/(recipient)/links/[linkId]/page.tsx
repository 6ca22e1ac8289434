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
    .then(async (actor) => listSharedStudies(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  return (
    <main>
      <h1>Your shared imaging</h1>
      <p className="muted">Available until {result.linkExpiresAt.toLocaleString('en-GB', { timeZone: 'UTC' })} UTC.</p>
      {result.noteToRecipient && (
        <p className="card" data-testid="note-to-recipient">
          <strong>A note from the facility:</strong> {result.noteToRecipient}
        </p>
      )}
      <SharedStudyList linkId={linkId} studies={result.studies} allowDownload={result.allowDownload} />
      {(result.canForward || result.canSeeHistory) && (
        <p className="actions">
          {result.canForward && <Link className="button secondary" href={`/links/${linkId}/forward`}>Send to a specialist</Link>}
          {result.canSeeHistory && <Link href={`/links/${linkId}/history`}>See who used this link</Link>}
        </p>
      )}
    </main>
  );
}
