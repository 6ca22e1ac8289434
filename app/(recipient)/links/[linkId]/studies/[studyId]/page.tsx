import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const uuid = z.string().uuid();

export default async function ViewStudyPage({ params }: { params: Promise<{ linkId: string; studyId: string }> }) {
  const { linkId, studyId } = await params;
  if (!uuid.safeParse(studyId).success) notFound();
  // The manifest route authorizes the study itself; this check only spares a dead viewer.
  await currentLinkActor(linkId).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  return (
    <main style={{ maxWidth: 'none' }}>
      <div className="actions" style={{ marginTop: 0, marginBottom: '.75rem', alignItems: 'center' }}>
        <Link href={`/links/${linkId}`}>← All shared studies</Link>
        <a className="button secondary" href={downloadPath(linkId, studyId)} download>Download (CD copy, ZIP)</a>
        <span className="notice">For viewing and sharing; not a replacement for diagnostic review on certified equipment.</span>
      </div>
      <iframe
        className="viewer-frame"
        title="Image viewer"
        src={viewerPath(linkId, studyId)}
        sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
        allow="fullscreen"
      />
    </main>
  );
}
