'use client';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { expandFiles, uploadAll, type Progress, type UploadOutcome } from './upload-queue';

const statusLabel: Record<UploadOutcome['status'], string> = {
  stored: 'Stored',
  duplicate: 'Already stored',
  conflict: 'Conflict',
  skipped: 'Skipped',
  rejected: 'Not DICOM / damaged',
  error: 'Failed',
};

export function Uploader() {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);
  const [running, setRunning] = useState(false);

  async function start(files: File[]) {
    if (files.length === 0) return;
    setRunning(true);
    setOutcomes([]);
    setProgress({ totalBytes: 0, sentBytes: 0, done: 0, discovered: 0 });
    await uploadAll(expandFiles(files), setProgress, (o) => setOutcomes((prev) => [...prev, o]));
    setRunning(false);
  }

  const counts = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
  const studyIds = [...new Set(outcomes.flatMap((o) => (o.studyId ? [o.studyId] : [])))];
  const problems = outcomes.filter((o) => o.status !== 'stored' && o.status !== 'duplicate');
  const percent = progress && progress.totalBytes > 0 ? Math.round((progress.sentBytes / progress.totalBytes) * 100) : 0;

  return (
    <div>
      <div className="card">
        <label htmlFor="upload-files">Files or ZIP</label>
        <input id="upload-files" ref={filesInput} type="file" multiple disabled={running} onChange={(e) => void start([...(e.target.files ?? [])])} />
        <label htmlFor="upload-folder">Folder (e.g. a copied CD)</label>
        <input
          id="upload-folder"
          ref={folderInput}
          type="file"
          multiple
          disabled={running}
          {...({ webkitdirectory: '' } as Record<string, string>)}
          onChange={(e) => void start([...(e.target.files ?? [])])}
        />
      </div>
      {progress && (
        <div className="card" aria-live="polite">
          <progress max={100} value={percent} aria-label="Upload progress" />
          <p data-testid="upload-status">
            {running ? 'Uploading' : 'Finished'}: {progress.done} of {progress.discovered} files, {percent}%
          </p>
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
        </div>
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
