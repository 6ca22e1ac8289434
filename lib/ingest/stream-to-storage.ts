// The first half of every upload, staff ingest and upload links alike: read the first
// kilobytes and refuse a file that is not DICOM before anything is written; then stream
// the body to storage under the given opaque key while counting it against the size
// limit, hashing it and keeping only its header prefix. Whole files are never held in
// memory. On any failure (refused start, too large, the client gone midway, storage
// down) nothing is left in storage: the multipart upload is aborted and the key deleted.
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HeaderRejection } from '@/lib/dicom/dicom-header';
import { AppError } from '@/lib/errors';
import { deleteObjectQuietly, putObjectStream } from '@/lib/storage/objects';
import { HashingPrefixTap } from './hashing-prefix-tap';
import { readUploadStart, refusalFromStart } from './read-upload-start';
import { ByteLimit, fileTooLarge } from './upload-limits';

/** DICOM headers are far smaller; this bounds the memory one upload can pin. */
export const headerPrefixBytes = 4 * 1024 * 1024;

export type StoredBytes = { prefix: Uint8Array; byteSize: number; sha256: string };

export type StoreOutcome =
  | ({ stored: true } & StoredBytes)
  /** Refused from its first bytes; nothing was written. `bytesRead`: how much was read to decide. */
  | { stored: false; reason: HeaderRejection; message: string; bytesRead: number };

export type StoreLimits = {
  maxFileBytes: number;
  /** The refusal once `maxFileBytes` is passed (default: too large per file). */
  tooLarge?: () => AppError;
};

export async function streamToStorage(body: Readable, key: string, limits: StoreLimits): Promise<StoreOutcome> {
  let start;
  try {
    start = await readUploadStart(body);
  } catch (err) {
    body.destroy();
    throw notStored(err); // the client went away (or the body failed) before its first kilobytes
  }
  const refusal = refusalFromStart(start.head, start.ended);
  if (refusal) {
    // Stop reading: the rest of a refused file is never looked at (nor stored).
    start.whole.destroy();
    body.destroy();
    return { stored: false, ...refusal, bytesRead: start.head.length };
  }

  const limit = new ByteLimit(limits.maxFileBytes, limits.tooLarge ?? (() => fileTooLarge(limits.maxFileBytes)));
  const tap = new HashingPrefixTap(headerPrefixBytes);
  const toStorage = new PassThrough();
  // Both settle before we answer: a failed upload has then aborted its multipart upload
  // (lib-storage does so once its parts in flight are done), so nothing is left to race.
  const [piped, put] = await Promise.allSettled([pipeline(start.whole, limit, tap, toStorage), putObjectStream(key, toStorage)]);
  if (piped.status === 'rejected' || put.status === 'rejected') {
    start.whole.destroy();
    body.destroy();
    await deleteObjectQuietly(key);
    if (limit.exceeded) throw limit.exceeded;
    throw notStored(piped.status === 'rejected' ? piped.reason : (put as PromiseRejectedResult).reason);
  }
  return { stored: true, prefix: tap.prefix(), byteSize: tap.bytes, sha256: tap.sha256() };
}

function notStored(err: unknown): AppError {
  return new AppError('unavailable:storage', 'The file could not be stored. Nothing was saved; please try again.', { cause: err });
}
