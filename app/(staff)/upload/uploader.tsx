'use client';
import Link from 'next/link';
import { FilePickers } from '@/app/components/uploader/file-pickers';
import { UploadProgress } from '@/app/components/uploader/upload-progress';
import type { UploadItem, UploadOutcome } from '@/app/components/uploader/upload-queue';
import { useUploadQueue } from '@/app/components/uploader/use-upload-queue';

const statusLabel: Record<UploadOutcome['status'], string> = {
  stored: 'Stored',
  received: 'Received',
  duplicate: 'Already stored',
  conflict: 'Conflict',
  skipped: 'Skipped',
  rejected: 'Not DICOM / damaged',
  error: 'Failed',
};

const uploadUrl = (item: UploadItem) => `/api/uploads?name=${encodeURIComponent(item.name)}`;

export function Uploader() {
  const { start, progress, outcomes, running, counts, percent } = useUploadQueue(uploadUrl);
  const studyIds = [...new Set(outcomes.flatMap((o) => (o.studyId ? [o.studyId] : [])))];
  const problems = outcomes.filter((o) => o.status !== 'stored' && o.status !== 'duplicate');

  return (
    <div>
      <FilePickers onFiles={(files) => void start(files)} disabled={running} filesLabel="Files or ZIP" folderLabel="Folder (e.g. a copied CD)" />
      {progress && (
        <UploadProgress progress={progress} percent={percent} running={running}>
          {!running && (
            <p data-testid="upload-summary">
              {counts.stored ?? 0} stored, {counts.duplicate ?? 0} already stored, {counts.skipped ?? 0} skipped,{' '}
              {(counts.rejected ?? 0) + (counts.error ?? 0) + (counts.conflict ?? 0)} with problems.
            </p>
          )}
          {!running &&
            studyIds.map((id) => (
              <p key={id}>
                <Link className="button" href={`/studies/${id}`}>Open the study</Link>
              </p>
            ))}
        </UploadProgress>
      )}
      {problems.length > 0 && (
        <table data-testid="upload-problems">
          <thead><tr><th>File</th><th>Result</th><th>Reason</th></tr></thead>
          <tbody>
            {problems.map((o) => (
              <tr key={o.name}><td>{o.name}</td><td>{statusLabel[o.status]}</td><td>{o.message}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
