'use client';
import { useTranslation } from 'react-i18next';
import { FilePickers } from '@/app/components/uploader/file-pickers';
import { UploadProgress } from '@/app/components/uploader/upload-progress';
import type { UploadOutcome } from '@/app/components/uploader/upload-queue';
import { useUploadQueue } from '@/app/components/uploader/use-upload-queue';

const sent = (o: UploadOutcome) => o.status === 'received' || o.status === 'stored' || o.status === 'duplicate';
const explainedReasons = new Set(['not_dicom', 'malformed', 'truncated', 'unsupported', 'header_too_large']);

export function OutsideUploader({ uploadLinkId, facilityName }: { uploadLinkId: string; facilityName: string }) {
  const { t } = useTranslation();
  // The file name stays in the browser: it is not needed, and could name the patient.
  const { start, progress, outcomes, running, counts, percent } = useUploadQueue(() => `/api/upload-links/${uploadLinkId}/files`);
  const problems = outcomes.filter((o) => !sent(o) && o.status !== 'skipped').length;

  /** Plain words, in the reader's language, for what happened to a file that was not simply sent. */
  function explain(o: UploadOutcome): string | undefined {
    if (o.status === 'rejected') return explainedReasons.has(o.reason ?? '') ? t(`upload.reasons.${o.reason}`) : o.message;
    if (o.status === 'skipped' || o.status === 'duplicate' || o.status === 'conflict') return t(`upload.reasons.${o.status}`);
    if (o.code?.startsWith('not_found')) return t('upload.reasons.linkGone');
    if (o.code === 'network') return t('upload.reasons.network');
    return o.message;
  }

  return (
    <div>
      <FilePickers
        onFiles={(files) => void start(files)}
        disabled={running}
        filesLabel={t('upload.filesLabel')}
        folderLabel={t('upload.folderLabel')}
        filesHint={t('upload.filesHint')}
        folderHint={t('upload.folderHint')}
      />
      {progress && (
        <UploadProgress
          progress={progress}
          percent={percent}
          running={running}
          label={t('upload.progressLabel')}
          statusText={t(running ? 'upload.sending' : 'upload.finished', { done: progress.done, total: progress.discovered, percent })}
        >
          {!running && (
            <p data-testid="upload-summary">
              {t('upload.summary', {
                sent: (counts.received ?? 0) + (counts.stored ?? 0),
                already: counts.duplicate ?? 0,
                skipped: counts.skipped ?? 0,
                problems,
              })}
            </p>
          )}
          {!running && problems === 0 && outcomes.some(sent) && (
            <p className="ok" role="status">{t('upload.thanks', { facility: facilityName })}</p>
          )}
        </UploadProgress>
      )}
      {outcomes.length > 0 && (
        <>
          <h2>{t('upload.eachFile')}</h2>
          <ul className="file-results" data-testid="upload-results">
            {outcomes.map((o, i) => (
              <li key={`${o.name}-${i}`} data-status={o.status}>
                <span className="file-name">{o.name}</span>
                <strong className={sent(o) ? 'ok' : o.status === 'skipped' ? undefined : 'error'}>{t(`upload.status.${o.status}`)}</strong>
                {!sent(o) && explain(o) && <span className="muted">{explain(o)}</span>}
                {o.status === 'duplicate' && <span className="muted">{explain(o)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
