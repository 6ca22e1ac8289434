// The first kilobytes of an upload, read before anything is written to storage, so a
// file that is not DICOM (a 500 MB file of zeros, a video, a ZIP) is refused from its
// first bytes instead of after it has been streamed into the bucket whole.
import { Readable } from 'node:stream';
import type { HeaderRejection } from '@/lib/dicom/dicom-header';
import { readDicomFileMeta } from '@/lib/dicom/read-dicom-file-meta';

/** Enough for the preamble and any real file meta group (a few hundred bytes, rarely a few KB). */
export const uploadStartBytes = 64 * 1024;

export type UploadStart = {
  /** At least the first `uploadStartBytes` (all of it when the file is shorter). */
  head: Buffer;
  /** The head is the whole file. */
  ended: boolean;
  /** The whole body again, head included, for the caller to stream on. */
  whole: Readable;
};

/** Reads the head off `body` without losing a byte. A body that fails while the head is read throws. */
export async function readUploadStart(body: Readable, bytes = uploadStartBytes): Promise<UploadStart> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const held: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    held.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* held;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.(); // destroys the body when the replay is cut short
    }
  }
  return { head: Buffer.concat(held, size), ended, whole: Readable.from(replay(), { objectMode: false }) };
}

/**
 * A refusal decided from the head alone (no preamble, a broken or unusable file meta
 * group, a DICOMDIR), or null when only the full header read can decide.
 */
export function refusalFromStart(head: Buffer, isWholeFile: boolean): { reason: HeaderRejection; message: string } | null {
  const meta = readDicomFileMeta(head, isWholeFile);
  return meta.ok === false ? { reason: meta.reason, message: meta.message } : null;
}
