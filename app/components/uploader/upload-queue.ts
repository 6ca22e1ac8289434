// Browser side of every upload (staff ingest at /api/uploads, an upload link's
// /api/upload-links/<id>/files): expands ZIPs into their entries (streamed with
// fflate, one entry held at a time), then posts each file as a raw body, a few at
// a time, reporting byte progress and one outcome per file. A CD's DICOMDIR goes
// up like any file; the server recognises it and answers "skipped".
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';

export type UploadItem = { name: string; size: number; blob: () => Promise<Blob> | Blob };
/** What the server said about one file (staff ingest: stored; upload link: received), or 'error'. */
export type UploadStatus = 'stored' | 'received' | 'duplicate' | 'conflict' | 'skipped' | 'rejected' | 'error';
export type UploadOutcome = {
  name: string;
  status: UploadStatus;
  message?: string;
  /** Why a file was refused (not_dicom, truncated…), for wording it in the reader's language. */
  reason?: string;
  /** The server's error code when it refused the request (e.g. not_found:upload_link). */
  code?: string;
  studyId?: string;
};
/** Where one file is posted. */
export type UploadUrl = (item: UploadItem) => string;

const concurrency = 4;

function isZip(file: File): boolean {
  return file.name.toLowerCase().endsWith('.zip') || file.type === 'application/zip';
}

/** Expands ZIP files into their entries; other files pass through. */
export async function* expandFiles(files: File[]): AsyncGenerator<UploadItem> {
  for (const file of files) {
    if (!isZip(file)) {
      yield { name: file.webkitRelativePath || file.name, size: file.size, blob: () => file };
      continue;
    }
    const entries: UploadItem[] = [];
    const unzip = new Unzip((entry) => {
      if (entry.name.endsWith('/')) return;
      const chunks: Uint8Array[] = [];
      entry.ondata = (err, data, final) => {
        if (err) throw err;
        chunks.push(data);
        if (final) {
          const blob = new Blob(chunks as BlobPart[]);
          entries.push({ name: `${file.name}/${entry.name}`, size: blob.size, blob: () => blob });
        }
      };
      entry.start();
    });
    unzip.register(UnzipInflate);
    unzip.register(UnzipPassThrough);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      unzip.push(value ?? new Uint8Array(0), done);
      while (entries.length > 0) yield entries.shift()!;
      if (done) break;
    }
  }
}

function postFile(url: string, item: UploadItem, blob: Blob, onProgress: (loaded: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      onProgress(blob.size);
      let body: { status?: UploadOutcome['status']; message?: string; reason?: string; studyId?: string; error?: { code?: string; message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (body.error) resolve({ name: item.name, status: 'error', message: body.error.message, code: body.error.code });
      else if (body.status) resolve({ name: item.name, status: body.status, message: body.message, reason: body.reason, studyId: body.studyId });
      else resolve({ name: item.name, status: 'error', message: `Upload failed (HTTP ${xhr.status}).` });
    };
    xhr.onerror = () => resolve({ name: item.name, status: 'error', message: 'Network error: the file was not uploaded.', code: 'network' });
    xhr.send(blob);
  });
}

export type Progress = { totalBytes: number; sentBytes: number; done: number; discovered: number };

export async function uploadAll(
  uploadUrl: UploadUrl,
  items: AsyncIterable<UploadItem>,
  onProgress: (p: Progress) => void,
  onOutcome: (o: UploadOutcome) => void,
): Promise<void> {
  const progress: Progress = { totalBytes: 0, sentBytes: 0, done: 0, discovered: 0 };
  const iterator = items[Symbol.asyncIterator]();
  let exhausted = false;
  const next = async (): Promise<UploadItem | null> => {
    if (exhausted) return null;
    const r = await iterator.next();
    if (r.done) {
      exhausted = true;
      return null;
    }
    progress.totalBytes += r.value.size;
    progress.discovered += 1;
    onProgress({ ...progress });
    return r.value;
  };
  const worker = async () => {
    for (let item = await next(); item; item = await next()) {
      const blob = await item.blob();
      let counted = 0;
      const outcome = await postFile(uploadUrl(item), item, blob, (loaded) => {
        progress.sentBytes += loaded - counted;
        counted = loaded;
        onProgress({ ...progress });
      });
      progress.done += 1;
      onProgress({ ...progress });
      onOutcome(outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
