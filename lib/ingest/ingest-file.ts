// Ingest one uploaded file: refuse it from its first kilobytes if it is not DICOM
// and with 413 if it is over the size limit (lib/ingest/upload-limits.ts), stream it
// to storage under an opaque key while hashing it and keeping its header, parse the
// header with a DICOM library,
// then index patient/study/series/instance in one transaction with its audit row.
// Idempotent per SOP Instance UID: the same bytes again add nothing; other bytes
// under a known UID are a conflict. Whatever fails, no object is left without a
// row and no row without its object.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { assertCanIngest } from './ingest-access';
import { readDicomHeader, type HeaderRejection } from '@/lib/dicom/read-dicom-header';
import { instanceObjectKey } from '@/lib/storage/object-keys';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import type { RequestContext } from '@/lib/audit/record-audit';
import { indexInstance, recordRejectedFile } from './index-instance';
import { streamToStorage } from './stream-to-storage';
import { fileTooLarge, staffUploadMaxFileBytes } from './upload-limits';

export type IngestResult =
  | { status: 'stored'; studyId: string; sopInstanceUid: string }
  | { status: 'duplicate'; studyId: string; sopInstanceUid: string }
  | { status: 'conflict'; sopInstanceUid: string; message: string }
  | { status: 'skipped'; message: string }
  | { status: 'rejected'; reason: string; message: string };

export async function ingestFile(
  actor: StaffActor,
  /** `declaredBytes`: the request's Content-Length, when it sent one (a file over the limit is refused unread). */
  upload: { body: Readable; fileName: string; declaredBytes?: number },
  context: RequestContext,
): Promise<IngestResult> {
  assertCanIngest(actor);

  const instanceId = randomUUID();
  const key = instanceObjectKey(instanceId);
  const maxFileBytes = staffUploadMaxFileBytes();
  if (upload.declaredBytes !== undefined && upload.declaredBytes > maxFileBytes) throw fileTooLarge(maxFileBytes);
  const stored = await streamToStorage(upload.body, key, { maxFileBytes });
  // Refused from its first kilobytes (nothing was written), or after the full header read.
  if (!stored.stored) return refuseFile(actor, stored, stored.bytesRead, context);
  const parsed = readDicomHeader(stored.prefix, stored.byteSize);
  if (!parsed.ok) {
    await deleteObjectQuietly(key);
    return refuseFile(actor, parsed, stored.byteSize, context);
  }

  try {
    const outcome = await indexInstance(actor, {
      instanceId,
      objectKey: key,
      header: parsed.header,
      byteSize: stored.byteSize,
      sha256: stored.sha256,
    }, context);
    if (outcome.status !== 'stored') await deleteObjectQuietly(key);
    return outcome;
  } catch (err) {
    await deleteObjectQuietly(key);
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable:database', 'The file could not be indexed. Nothing was saved; please try again.', { cause: err });
  }
}

async function refuseFile(
  actor: StaffActor,
  refusal: { reason: HeaderRejection; message: string },
  byteSize: number,
  context: RequestContext,
): Promise<IngestResult> {
  if (refusal.reason === 'dicomdir') {
    return { status: 'skipped', message: 'DICOMDIR index: skipped (the images it lists are imported on their own).' };
  }
  await recordRejectedFile(actor, { reason: refusal.reason, byteSize }, context);
  return { status: 'rejected', reason: refusal.reason, message: refusal.message };
}
