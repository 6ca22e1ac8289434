// The first half of every upload, staff ingest and upload links alike: stream the
// body to storage under the given opaque key while hashing it and keeping only its
// header prefix. Whole files are never held in memory. On failure nothing is left
// in storage and the caller gets an AppError it may show.
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@/lib/errors';
import { deleteObjectQuietly, putObjectStream } from '@/lib/storage/objects';
import { HashingPrefixTap } from './hashing-prefix-tap';

/** DICOM headers are far smaller; this bounds the memory one upload can pin. */
export const headerPrefixBytes = 4 * 1024 * 1024;

export type StoredBytes = { prefix: Uint8Array; byteSize: number; sha256: string };

export async function streamToStorage(body: Readable, key: string): Promise<StoredBytes> {
  const tap = new HashingPrefixTap(headerPrefixBytes);
  const toStorage = new PassThrough();
  try {
    await Promise.all([pipeline(body, tap, toStorage), putObjectStream(key, toStorage)]);
  } catch (err) {
    body.destroy();
    toStorage.destroy();
    await deleteObjectQuietly(key);
    throw new AppError('unavailable:storage', 'The file could not be stored. Nothing was saved; please try again.', { cause: err });
  }
  return { prefix: tap.prefix(), byteSize: tap.bytes, sha256: tap.sha256() };
}
