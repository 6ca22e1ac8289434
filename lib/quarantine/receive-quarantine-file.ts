// A file sent through an upload link: streamed to storage under quarantine/<uuid>
// while hashed (the same path as staff ingest, lib/ingest/stream-to-storage.ts),
// its header parsed, and a quarantine_files row written with what the header says
// and where it disagrees with the named patient — with its audit row, in one
// transaction that re-checks the link under its row lock (a link revoked mid-upload
// takes nothing more). Nothing reaches the facility's studies until staff accept it.
// Idempotent per SOP Instance UID within a link. A file that is not DICOM is refused
// from its first kilobytes, before anything is stored; one over the per-file limit or
// past the link's total (lib/ingest/upload-limits.ts) with 413. Whatever fails, no
// object is left without its row.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, quarantineFiles, uploadLinks, type UploadLink } from '@/db/schema';
import type { UploadLinkActor } from '@/lib/auth/actors';
import { recordAudit, uploadLinkAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import type { UploadLinkRejection } from '@/lib/audit/audit-event-types';
import { readDicomHeader, type DicomHeader, type HeaderRejection } from '@/lib/dicom/read-dicom-header';
import { AppError } from '@/lib/errors';
import { streamToStorage, type StoredBytes } from '@/lib/ingest/stream-to-storage';
import { fileTooLarge, uploadLinkLimits } from '@/lib/ingest/upload-limits';
import { quarantineObjectKey } from '@/lib/storage/object-keys';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import { refuseUploadLink } from '@/lib/upload-links/open-upload-link';
import { uploadLinkRejection } from '@/lib/upload-links/upload-link-state';
import { headerMismatches, summarizeHeader } from './header-summary';
import { bytesReceivedThroughLink, uploadLinkFull } from './upload-link-room';

export type ReceiveResult =
  | { status: 'received'; message: string }
  | { status: 'duplicate'; message: string }
  | { status: 'conflict'; message: string }
  | { status: 'skipped'; message: string }
  | { status: 'rejected'; reason: string; message: string };

export async function receiveQuarantineFile(
  actor: UploadLinkActor,
  /** `declaredBytes`: the request's Content-Length, when it sent one (a file over a limit is refused unread). */
  upload: { body: Readable; declaredBytes?: number },
  context: RequestContext,
): Promise<ReceiveResult> {
  const { maxFileBytes, maxTotalBytes } = uploadLinkLimits();
  if (upload.declaredBytes !== undefined && upload.declaredBytes > maxFileBytes) throw fileTooLarge(maxFileBytes);
  const room = maxTotalBytes - (await bytesReceivedThroughLink(db(), actor).catch((err: unknown) => {
    throw new AppError('unavailable:database', 'The file could not be recorded. Nothing was saved; please try again.', { cause: err });
  }));
  if (room <= 0 || (upload.declaredBytes !== undefined && upload.declaredBytes > room)) throw uploadLinkFull(maxTotalBytes);

  const quarantineFileId = randomUUID();
  const key = quarantineObjectKey(quarantineFileId);
  const stored = await streamToStorage(upload.body, key, {
    maxFileBytes: Math.min(maxFileBytes, room),
    tooLarge: () => (room < maxFileBytes ? uploadLinkFull(maxTotalBytes) : fileTooLarge(maxFileBytes)),
  });
  // Refused from its first kilobytes (nothing was written), or after the full header read.
  if (!stored.stored) return refuseFile(actor, stored, stored.bytesRead, context);
  const parsed = readDicomHeader(stored.prefix, stored.byteSize);
  if (!parsed.ok) {
    await deleteObjectQuietly(key);
    return refuseFile(actor, parsed, stored.byteSize, context);
  }

  let filed: Filed;
  try {
    filed = await fileInQuarantine(actor, quarantineFileId, key, stored, parsed.header, context);
  } catch (err) {
    await deleteObjectQuietly(key);
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable:database', 'The file could not be recorded. Nothing was saved; please try again.', { cause: err });
  }
  if ('full' in filed) {
    await deleteObjectQuietly(key);
    throw filed.full;
  }
  if ('refused' in filed) {
    await deleteObjectQuietly(key);
    return refuseUploadLink(filed.link, filed.refused, context);
  }
  if (filed.status !== 'received') await deleteObjectQuietly(key);
  return filed;
}

async function refuseFile(
  actor: UploadLinkActor,
  refusal: { reason: HeaderRejection; message: string },
  byteSize: number,
  context: RequestContext,
): Promise<ReceiveResult> {
  if (refusal.reason === 'dicomdir') return { status: 'skipped', message: 'DICOMDIR (the CD’s index): skipped; the images it lists are sent on their own.' };
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'QUARANTINE_FILE_REFUSED',
      actor: uploadLinkAuditActor(actor),
      context,
      outcome: 'failure',
      reason: refusal.reason,
      subject: { type: 'upload_link', id: actor.uploadLinkId },
      patientRef: actor.patientRef,
      details: { byteSize },
    }),
  );
  return { status: 'rejected', reason: refusal.reason, message: `${refusal.message}. This file was not kept.` };
}

type Filed = ReceiveResult | { refused: UploadLinkRejection; link: UploadLink | null } | { full: AppError };

async function fileInQuarantine(
  actor: UploadLinkActor,
  quarantineFileId: string,
  objectKey: string,
  stored: StoredBytes,
  header: DicomHeader,
  context: RequestContext,
): Promise<Filed> {
  return db().transaction(async (tx): Promise<Filed> => {
    // Locks the link: a revocation waits for this file or refuses it, and two copies
    // of one file sent at once are filed one after the other (the second is a duplicate).
    const [link] = await tx
      .select()
      .from(uploadLinks)
      .where(and(eq(uploadLinks.id, actor.uploadLinkId), eq(uploadLinks.facilityId, actor.facilityId)))
      .for('update');
    const rejection = link ? uploadLinkRejection(link) : 'session_invalid';
    if (!link || rejection) return { refused: rejection ?? 'session_invalid', link: link ?? null };

    const [earlier] = await tx
      .select({ sha256: quarantineFiles.sha256 })
      .from(quarantineFiles)
      .where(and(eq(quarantineFiles.uploadLinkId, link.id), eq(quarantineFiles.sopInstanceUid, header.sopInstanceUid)))
      .limit(1);
    if (earlier) {
      return earlier.sha256 === stored.sha256
        ? { status: 'duplicate', message: 'Already received: this image was sent before.' }
        : { status: 'conflict', message: 'A different file with the same image UID was already sent through this link; this one was not kept.' };
    }

    // Files sent in parallel each saw room before streaming; under the lock only one can take the last of it.
    const { maxTotalBytes } = uploadLinkLimits();
    if ((await bytesReceivedThroughLink(tx, actor)) + stored.byteSize > maxTotalBytes) return { full: uploadLinkFull(maxTotalBytes) };

    const [patient] = await tx
      .select({ patientId: patients.patientId, birthDate: patients.birthDate })
      .from(patients)
      .where(and(eq(patients.id, link.patientRef), eq(patients.facilityId, link.facilityId)));
    if (!patient) throw new Error('upload link names a patient of another facility');
    const summary = summarizeHeader(header);
    const mismatches = headerMismatches(summary, patient);

    await tx.insert(quarantineFiles).values({
      id: quarantineFileId,
      uploadLinkId: link.id,
      facilityId: link.facilityId,
      objectKey,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      studyInstanceUid: header.studyInstanceUid,
      sopInstanceUid: header.sopInstanceUid,
      header: summary,
      mismatches,
    });
    await recordAudit(tx, {
      type: 'QUARANTINE_FILE_RECEIVED',
      actor: uploadLinkAuditActor(actor),
      context,
      subject: { type: 'quarantine_file', id: quarantineFileId },
      patientRef: link.patientRef,
      // UIDs and hashes only: what the header says about the patient stays on the row.
      details: { uploadLinkId: link.id, sopInstanceUid: header.sopInstanceUid, byteSize: stored.byteSize, sha256: stored.sha256, mismatches },
    });
    // The same answer with or without a mismatch: the uploader learns nothing about the facility's record.
    return { status: 'received', message: 'Received.' };
  });
}
