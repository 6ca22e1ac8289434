'use client';

type Props = {
  onFiles: (files: File[]) => void;
  disabled: boolean;
  filesLabel: string;
  folderLabel: string;
  /** Plain words under each picker, for people who have not done this before. */
  filesHint?: string;
  folderHint?: string;
};

/** Two pickers: loose files or ZIPs, and a whole folder (a CD copied to disk). */
export function FilePickers({ onFiles, disabled, filesLabel, folderLabel, filesHint, folderHint }: Props) {
  return (
    <div className="card">
      <label htmlFor="upload-files">{filesLabel}</label>
      <input
        id="upload-files"
        type="file"
        multiple
        disabled={disabled}
        aria-describedby={filesHint ? 'upload-files-hint' : undefined}
        onChange={(e) => onFiles([...(e.target.files ?? [])])}
      />
      {filesHint && <p id="upload-files-hint" className="muted">{filesHint}</p>}
      <label htmlFor="upload-folder">{folderLabel}</label>
      <input
        id="upload-folder"
        type="file"
        multiple
        disabled={disabled}
        aria-describedby={folderHint ? 'upload-folder-hint' : undefined}
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => onFiles([...(e.target.files ?? [])])}
      />
      {folderHint && <p id="upload-folder-hint" className="muted">{folderHint}</p>}
    </div>
  );
}
