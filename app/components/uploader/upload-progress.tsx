'use client';
import type { Progress } from './upload-queue';

type Props = {
  progress: Progress;
  percent: number;
  running: boolean;
  /** The progress bar's accessible name and the "N of M files" line; English unless a page words them. */
  label?: string;
  statusText?: string;
  children?: React.ReactNode;
};

/** The progress bar and "N of M files" line, announced politely to screen readers. */
export function UploadProgress({ progress, percent, running, label = 'Upload progress', statusText, children }: Props) {
  return (
    <div className="card" aria-live="polite">
      <progress max={100} value={percent} aria-label={label} />
      <p data-testid="upload-status">
        {statusText ?? `${running ? 'Uploading' : 'Finished'}: ${progress.done} of ${progress.discovered} files, ${percent}%`}
      </p>
      {children}
    </div>
  );
}
