// One accepted file's instance object. When its header already names the local
// patient as the facility records them, a server-side copy (the bytes as received).
// Otherwise a reconciled copy (lib/dicom/coerce-patient-identity.ts): the rewritten
// header, then the received file from its Pixel Data element to the end, streamed
// from storage unchanged, so the pixel data is byte for byte what was sent; and the
// received bytes copied to received/<id> for the record (never served).
//
// Memory stays bounded: the header prefix (at most headerPrefixBytes) and the
// upload's part buffers; the pixel data streams through. The received bytes are
// hashed on the way (header from the prefix, the rest as it streams) and must match
// the quarantine row, so the copy is made from exactly what was received.
// Every key written is pushed to `written` before the write starts, so the caller
// can delete them all if anything fails.
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QuarantineFile } from '@/db/schema';
import { coercePatientIdentity, type CoercionContext, type LocalPatientIdentity, type ReconciledAttribute } from '@/lib/dicom/coerce-patient-identity';
import { pixelDataElementOffset } from '@/lib/dicom/pixel-data-offset';
import { readDicomHeader, type DicomHeader } from '@/lib/dicom/read-dicom-header';
import { HashingPrefixTap } from '@/lib/ingest/hashing-prefix-tap';
import { headerPrefixBytes } from '@/lib/ingest/stream-to-storage';
import { instanceObjectKey, receivedObjectKey } from '@/lib/storage/object-keys';
import { copyObject, getObjectPrefix, getObjectStreamFrom, putObjectStream } from '@/lib/storage/objects';

export type AcceptedObject = {
  objectKey: string;
  sha256: string;
  byteSize: number;
  /** Read back from the instance object: what will be indexed and served. */
  header: DicomHeader;
  /** Set when the object is a reconciled copy. */
  reconciled: { attributes: ReconciledAttribute[]; received: { objectKey: string; sha256: string; byteSize: number } } | null;
};

/** The file's header cannot be rewritten (e.g. a character set dcmjs cannot decode): a decision for staff, not a retry. */
export class ReconcileRefused extends Error {
  constructor(readonly quarantineFileId: string, detail: string) {
    super(`quarantined file ${quarantineFileId} cannot be reconciled: ${detail}`);
  }
}

export async function reconcileQuarantinedFile(
  file: QuarantineFile,
  local: LocalPatientIdentity,
  coercion: CoercionContext,
  written: string[],
): Promise<AcceptedObject> {
  const prefix = await getObjectPrefix(file.objectKey, Math.min(file.byteSize, headerPrefixBytes));
  const offset = pixelDataElementOffset(prefix);
  // It parsed when it arrived; anything else now means the object is not what the row says.
  if (offset === null) throw new Error(`quarantined object of ${file.id} no longer matches its row`);
  const coerced = coercePatientIdentity(prefix.subarray(0, offset), local, coercion);
  if (!coerced.ok) throw new ReconcileRefused(file.id, coerced.reason);

  const key = instanceObjectKey(file.id);
  if (!coerced.header) {
    written.push(key);
    await copyObject(file.objectKey, key);
    return { objectKey: key, sha256: file.sha256, byteSize: file.byteSize, header: await readBack(file, key, file.byteSize, local), reconciled: null };
  }

  const receivedKey = receivedObjectKey(file.id);
  written.push(receivedKey);
  await copyObject(file.objectKey, receivedKey);
  written.push(key);
  const stored = await putReconciledObject(key, coerced.header, file, prefix.subarray(0, offset));
  return {
    objectKey: key,
    sha256: stored.sha256,
    byteSize: stored.byteSize,
    header: await readBack(file, key, stored.byteSize, local),
    reconciled: { attributes: coerced.changed, received: { objectKey: receivedKey, sha256: file.sha256, byteSize: file.byteSize } },
  };
}

/** Streams header + the received bytes from its Pixel Data element on to `key`; hashes both files. */
async function putReconciledObject(key: string, header: Uint8Array, file: QuarantineFile, receivedHeader: Uint8Array) {
  const received = createHash('sha256').update(receivedHeader);
  let receivedBytes = receivedHeader.length;
  const tail = await getObjectStreamFrom(file.objectKey, receivedHeader.length);
  async function* reconciledBytes() {
    yield Buffer.from(header);
    for await (const chunk of tail as AsyncIterable<Buffer>) {
      received.update(chunk);
      receivedBytes += chunk.length;
      yield chunk;
    }
  }
  const tap = new HashingPrefixTap(0);
  const toStorage = new PassThrough();
  const piping = pipeline(Readable.from(reconciledBytes()), tap, toStorage).catch((err: unknown) => {
    tail.destroy();
    toStorage.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  });
  // One part in flight: several files are placed at once, and each keeps its own buffers.
  const putting = putObjectStream(key, toStorage, 'application/dicom', 1).catch((err: unknown) => {
    toStorage.destroy(err instanceof Error ? err : new Error(String(err))); // ends the pipeline too
    throw err;
  });
  // Each failure ends the other side; both settle before an error is thrown, so no
  // upload completes after the caller's clean-up.
  const settled = await Promise.allSettled([piping, putting]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    tail.destroy();
    throw failure.reason;
  }
  if (receivedBytes !== file.byteSize || received.digest('hex') !== file.sha256) {
    throw new Error(`quarantined object of ${file.id} no longer matches its row`);
  }
  return { sha256: tap.sha256(), byteSize: tap.bytes };
}

/** The instance object's header as stored: same UIDs as the row, and the local PatientID. */
async function readBack(file: QuarantineFile, key: string, byteSize: number, local: LocalPatientIdentity): Promise<DicomHeader> {
  const parsed = readDicomHeader(await getObjectPrefix(key, Math.min(byteSize, headerPrefixBytes)), byteSize);
  if (
    !parsed.ok ||
    parsed.header.sopInstanceUid !== file.sopInstanceUid ||
    parsed.header.studyInstanceUid !== file.studyInstanceUid ||
    parsed.header.patient.id !== local.patientId.trim()
  ) {
    throw new Error(`instance object of ${file.id} does not read back as written`);
  }
  return parsed.header;
}
