// Ingest one uploaded file: stream it to storage under an opaque key while
// hashing it and keeping its header, parse the header with a DICOM library,
// then index patient/study/series/instance in one transaction with its audit row.
// Idempotent per SOP Instance UID: the same bytes again add nothing; other bytes
// under a known UID are a conflict. Whatever fails, no object is left without a
// row and no row without its object.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { assertCanIngest } from './ingest-access';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { instanceObjectKey } from '@/lib/storage/object-keys';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import type { RequestContext } from '@/lib/audit/record-audit';
import { indexInstance, recordRejectedFile } from './index-instance';
import { streamToStorage } from './stream-to-storage';

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
  assertCanIngest(actor);

  const instanceId = randomUUID();
  const key = instanceObjectKey(instanceId);
  const stored = await streamToStorage(upload.body, key);

  const parsed = readDicomHeader(stored.prefix, stored.byteSize);
  if (!parsed.ok) {
    await deleteObjectQuietly(key);
    if (parsed.reason === 'dicomdir') {
      return { status: 'skipped', message: 'DICOMDIR index: skipped (the images it lists are imported on their own).' };
    }
    await recordRejectedFile(actor, { reason: parsed.reason, byteSize: stored.byteSize }, context);
    return { status: 'rejected', reason: parsed.reason, message: parsed.message };
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
