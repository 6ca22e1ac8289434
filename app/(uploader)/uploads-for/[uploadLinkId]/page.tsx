import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';
import { currentUploadActor } from '@/lib/http/current-upload-actor';
import { uploadPageFor } from '@/lib/upload-links/upload-page';
import { OutsideUploader } from './outside-uploader';

export const dynamic = 'force-dynamic';

export default async function UploadForPatientPage({ params }: { params: Promise<{ uploadLinkId: string }> }) {
  const { uploadLinkId } = await params;
  const page = await currentUploadActor(uploadLinkId)
    .then(uploadPageFor)
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  return (
    <main>
      <h1>Send images to {page.facilityName}</h1>
      {page.note && (
        <div className="card">
          <p className="muted" style={{ margin: 0 }}>A note from {page.facilityName}:</p>
          <p style={{ margin: '.25rem 0 0', whiteSpace: 'pre-wrap' }} data-testid="uploader-note">{page.note}</p>
        </div>
      )}
      <p>
        Choose the files from the CD or folder you were given, or a ZIP of them. They go to {page.facilityName} only, who check them
        before adding them to the patient&apos;s record.
      </p>
      <OutsideUploader uploadLinkId={uploadLinkId} facilityName={page.facilityName} />
      <p className="muted">You can send files until {page.expiresAt.toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'short' })} UTC.</p>
    </main>
  );
}
