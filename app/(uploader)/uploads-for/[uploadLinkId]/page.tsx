import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';
import { currentUploadActor } from '@/lib/http/current-upload-actor';
import { formatDateTimeUtc } from '@/lib/i18n/format';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { uploadPageFor } from '@/lib/upload-links/upload-page';
import { OutsideUploader } from './outside-uploader';
import { FacilityContactCard } from '@/app/components/recipient/facility-contact-card';

export const dynamic = 'force-dynamic';

export default async function UploadForPatientPage({ params }: { params: Promise<{ uploadLinkId: string }> }) {
  const { uploadLinkId } = await params;
  const page = await currentUploadActor(uploadLinkId)
    .then(uploadPageFor)
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  const { t, lang } = await getRecipientT();
  const facility = page.facility.name;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('upload.title', { facility })}</h1>
      {page.note && (
        <div className="card">
          <p className="muted" style={{ margin: 0 }}>{t('upload.noteFrom', { facility })}</p>
          {/* Staff's own words, in their language. */}
          <p style={{ margin: '.25rem 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="uploader-note">{page.note}</p>
        </div>
      )}
      <p>{t('upload.howTo', { facility })}</p>
      <OutsideUploader uploadLinkId={uploadLinkId} facilityName={facility} />
      <p className="muted">{t('upload.until', { when: formatDateTimeUtc(page.expiresAt, lang) })}</p>
      <FacilityContactCard t={t} contact={page.facility} />
    </main>
  );
}
