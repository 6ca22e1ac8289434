'use client';
import type { Progress } from './upload-queue';

/** The progress bar and "N of M files" line, announced politely to screen readers. */
export function UploadProgress({ progress, percent, running, children }: { progress: Progress; percent: number; running: boolean; children?: React.ReactNode }) {
  return (
    <div className="card" aria-live="polite">
      <progress max={100} value={percent} aria-label="Upload progress" />
      <p data-testid="upload-status">
        {running ? 'Uploading' : 'Finished'}: {progress.done} of {progress.discovered} files, {percent}%
      </p>
      {children}
    </div>
  );
}
