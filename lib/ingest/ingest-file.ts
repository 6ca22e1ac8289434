// Ingest one uploaded file: stream it to storage under an opaque key while
// hashing it and keeping its header, parse the header with a DICOM library,
// then index patient/study/series/instance in one transaction with its audit row.
// Idempotent per SOP Instance UID: the same bytes again add nothing; other bytes
// under a known UID are a conflict. Whatever fails, no object is left without a
// row and no row without its object.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { type StaffActor, hasAnyRole } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { instanceObjectKey } from '@/lib/storage/object-keys';
import { deleteObjectQuietly, putObjectStream } from '@/lib/storage/objects';
import type { RequestContext } from '@/lib/audit/record-audit';
import { HashingPrefixTap } from './hashing-prefix-tap';
import { indexInstance, recordRejectedFile } from './index-instance';

/** DICOM headers are far smaller; this bounds the memory one upload can pin. */
const headerPrefixBytes = 4 * 1024 * 1024;

export type IngestResult =
  | { status: 'stored'; studyId: string; sopInstanceUid: string }
  | { status: 'duplicate'; studyId: string; sopInstanceUid: string }
  | { status: 'conflict'; sopInstanceUid: string; message: string }
  | { status: 'skipped'; message: string }
  | { status: 'rejected'; reason: string; message: string };

export async function ingestFile(
  actor: StaffActor,
  upload: { body: Readable; fileName: string },
  context: RequestContext,
): Promise<IngestResult> {
  if (!hasAnyRole(actor, ['front_desk', 'facility_admin'])) throw new AppError('forbidden:ingest');

  const instanceId = randomUUID();
  const key = instanceObjectKey(instanceId);
  const tap = new HashingPrefixTap(headerPrefixBytes);
  const toStorage = new PassThrough();

  try {
    await Promise.all([pipeline(upload.body, tap, toStorage), putObjectStream(key, toStorage)]);
  } catch (err) {
    upload.body.destroy();
    toStorage.destroy();
    await deleteObjectQuietly(key);
    throw new AppError('unavailable:storage', 'The file could not be stored. Nothing was saved; please try again.', { cause: err });
  }

  const parsed = readDicomHeader(tap.prefix(), tap.bytes);
  if (!parsed.ok) {
    await deleteObjectQuietly(key);
    if (parsed.reason === 'dicomdir') {
      return { status: 'skipped', message: 'DICOMDIR index: skipped (the images it lists are imported on their own).' };
    }
    await recordRejectedFile(actor, { reason: parsed.reason, byteSize: tap.bytes }, context);
    return { status: 'rejected', reason: parsed.reason, message: parsed.message };
  }

  try {
    const outcome = await indexInstance(actor, {
      instanceId,
      objectKey: key,
      header: parsed.header,
      byteSize: tap.bytes,
      sha256: tap.sha256(),
    }, context);
    if (outcome.status !== 'stored') await deleteObjectQuietly(key);
    return outcome;
  } catch (err) {
    await deleteObjectQuietly(key);
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable:database', 'The file could not be indexed. Nothing was saved; please try again.', { cause: err });
  }
}
