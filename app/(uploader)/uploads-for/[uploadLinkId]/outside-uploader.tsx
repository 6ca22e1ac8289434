'use client';
import { FilePickers } from '@/app/components/uploader/file-pickers';
import { UploadProgress } from '@/app/components/uploader/upload-progress';
import type { UploadOutcome } from '@/app/components/uploader/upload-queue';
import { useUploadQueue } from '@/app/components/uploader/use-upload-queue';

const statusLabel: Record<UploadOutcome['status'], string> = {
  received: 'Sent',
  stored: 'Sent',
  duplicate: 'Already sent',
  conflict: 'Not sent',
  skipped: 'Not needed',
  rejected: 'Not an image file',
  error: 'Failed',
};

const sent = (o: UploadOutcome) => o.status === 'received' || o.status === 'stored' || o.status === 'duplicate';

/** Plain words for a refused request: the link ran out or was withdrawn while sending. */
function messageOf(o: UploadOutcome): string | undefined {
  if (o.code?.startsWith('not_found')) return 'This upload link is no longer available. Ask the facility for a new one.';
  return o.message;
}

export function OutsideUploader({ uploadLinkId, facilityName }: { uploadLinkId: string; facilityName: string }) {
  // The file name stays in the browser: it is not needed, and could name the patient.
  const { start, progress, outcomes, running, counts, percent } = useUploadQueue(() => `/api/upload-links/${uploadLinkId}/files`);
  const problems = outcomes.filter((o) => !sent(o) && o.status !== 'skipped').length;

  return (
    <div>
      <FilePickers
        onFiles={(files) => void start(files)}
        disabled={running}
        filesLabel="Choose files or a ZIP"
        folderLabel="Or choose a whole folder (e.g. the CD)"
        filesHint="You can select many files at once."
        folderHint="On a computer: pick the CD drive or the folder copied from it."
      />
      {progress && (
        <UploadProgress progress={progress} percent={percent} running={running}>
          {!running && (
            <p data-testid="upload-summary">
              {(counts.received ?? 0) + (counts.stored ?? 0)} sent, {counts.duplicate ?? 0} already sent, {counts.skipped ?? 0} not needed,{' '}
              {problems} with problems.
            </p>
          )}
          {!running && problems === 0 && outcomes.some(sent) && (
            <p className="ok" role="status">Thank you. {facilityName} has received the images. You can close this page.</p>
          )}
        </UploadProgress>
      )}
      {outcomes.length > 0 && (
        <>
          <h2>Each file</h2>
          <ul className="file-results" data-testid="upload-results">
            {outcomes.map((o, i) => (
              <li key={`${o.name}-${i}`} data-status={o.status}>
                <span className="file-name">{o.name}</span>
                <strong className={sent(o) ? 'ok' : o.status === 'skipped' ? 'muted' : 'error'}>{statusLabel[o.status]}</strong>
                {!sent(o) && messageOf(o) && <span className="muted">{messageOf(o)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
