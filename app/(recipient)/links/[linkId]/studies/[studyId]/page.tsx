import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
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
  const { t } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1} style={{ maxWidth: 'none' }}>
      <h1 className="visually-hidden">{t('studies.viewerTitle')}</h1>
      <div className="actions" style={{ marginTop: 0, marginBottom: '.75rem', alignItems: 'center' }}>
        <Link className="button secondary" href={`/links/${linkId}`}>{t('studies.backToList')}</Link>
        <a className="button secondary" href={downloadPath(linkId, studyId)} download>{t('studies.download')}</a>
        <span className="notice">{t('studies.notice')}</span>
      </div>
      <iframe
        className="viewer-frame"
        title={t('studies.viewerTitle')}
        src={viewerPath(linkId, studyId)}
        sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
        allow="fullscreen"
      />
    </main>
  );
}
