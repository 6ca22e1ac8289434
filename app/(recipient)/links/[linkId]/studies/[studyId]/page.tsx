import { notFound } from 'next/navigation';
import { z } from 'zod';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { isAppError } from '@/lib/errors';
import { StudyViewer } from './study-viewer';

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
      <StudyViewer linkId={linkId} studyId={studyId} />
    </main>
  );
}
