// "Accept for <patient>": the group's pending files become the facility's
// instances, filed under the patient the upload link names (whatever PatientID
// their headers carry; the bytes are not rewritten). Each object is copied
// server-side to its instance key (instances/<the quarantine row's id>), indexed
// through the normal index path with the patient forced, and the rows marked
// accepted — all in one transaction with the QUARANTINE_ACCEPTED row, holding the
// rows' locks. Only after the commit are the quarantine objects deleted.
//
// A group whose headers disagree with the patient (PatientID, birth date) is only
// accepted when staff confirm they checked it.
//
// Failure leaves nothing half-done: any error before the commit deletes this
// attempt's copies (still under the locks, so no other attempt can be using them)
// and rolls everything back; the files stay pending. A retry after success finds
// them accepted and only deletes quarantine objects that may be left.
import { and, eq, inArray } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { quarantineFiles, studies, type QuarantineFile } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { readDicomHeader, type DicomHeader } from '@/lib/dicom/read-dicom-header';
import { AppError } from '@/lib/errors';
import { indexInstanceInTransaction } from '@/lib/ingest/index-instance';
import { headerPrefixBytes } from '@/lib/ingest/stream-to-storage';
import { instanceObjectKey } from '@/lib/storage/object-keys';
import { copyObject, deleteObjectQuietly, getObjectPrefix } from '@/lib/storage/objects';
import { lockQuarantineGroup } from './lock-quarantine-group';
import { assertCanHandleQuarantine, parseQuarantineGroup, type QuarantineGroupInput } from './quarantine-access';

export type AcceptedStudy = {
  /** The facility's studies the files are now part of (usually one). */
  studyIds: string[];
  /** Files newly filed, and files whose image the facility already held (same UID, same bytes). */
  stored: number;
  alreadyHeld: number;
};

/** Copies and header reads run a few at a time: S3 does the copying, we only wait. */
const copyConcurrency = 4;

/** A file the index refused (same UID with other bytes, or the study filed under another patient). */
class AcceptConflict extends Error {
  constructor(readonly publicMessage: string, readonly existingStudyId: string | undefined) {
    super('quarantine accept conflict');
  }
}

export async function acceptQuarantinedStudy(actor: StaffActor, raw: QuarantineGroupInput, context: RequestContext): Promise<AcceptedStudy> {
  assertCanHandleQuarantine(actor);
  const group = parseQuarantineGroup(raw);
  /** Set when the index refused a file; recorded once the transaction has rolled back. */
  const conflict: { on?: { patientRef: string; existingStudyId?: string } } = {};
  let result: AcceptedStudy & { objectKeysToDelete: string[] };
  try {
    result = await db().transaction(async (tx) => {
      const { link, files, pending } = await lockQuarantineGroup(tx, actor, group);
      if (pending.length === 0) return finishedEarlier(tx, actor, group.studyInstanceUid, files);
      if (!group.confirmMismatch && pending.some((f) => f.mismatches.length > 0)) {
        throw new AppError(
          'unprocessable:quarantine_mismatch',
          'These images name a different PatientID or birth date. Check they belong to this patient, then confirm to accept them.',
        );
      }
      const copies: string[] = [];
      try {
        return await acceptPending(tx, actor, link, pending, copies, context);
      } catch (err) {
        // Still holding the rows' locks: nothing else can be using these keys.
        await Promise.all(copies.map((key) => deleteObjectQuietly(key)));
        if (err instanceof AcceptConflict) conflict.on = { patientRef: link.patientRef, existingStudyId: err.existingStudyId };
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof AcceptConflict && conflict.on) {
      await recordAcceptConflict(actor, group, conflict.on, context);
      throw new AppError('conflict:quarantine_accept', `${err.publicMessage} Nothing was accepted; you can reject these images instead.`);
    }
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable:quarantine_accept', 'The images could not be accepted. Nothing was changed; please try again.', { cause: err });
  }
  // After the commit: the rows say "accepted" whether or not a delete fails; a retry deletes again.
  await Promise.all(result.objectKeysToDelete.map((key) => deleteObjectQuietly(key)));
  return { studyIds: result.studyIds, stored: result.stored, alreadyHeld: result.alreadyHeld };
}

/** Nothing pending: accepted before (finish the clean-up), or rejected (refused). */
async function finishedEarlier(tx: Tx, actor: StaffActor, studyInstanceUid: string, files: QuarantineFile[]) {
  const accepted = files.filter((f) => f.status === 'accepted');
  if (accepted.length === 0) throw new AppError('conflict:quarantine_decided', 'These images were already rejected.');
  const rows = await tx
    .select({ id: studies.id })
    .from(studies)
    .where(and(eq(studies.facilityId, actor.facilityId), eq(studies.studyInstanceUid, studyInstanceUid)));
  return { studyIds: rows.map((r) => r.id), stored: 0, alreadyHeld: 0, objectKeysToDelete: accepted.map((f) => f.objectKey) };
}

async function acceptPending(
  tx: Tx,
  actor: StaffActor,
  link: { id: string; patientRef: string },
  pending: QuarantineFile[],
  copies: string[],
  context: RequestContext,
) {
  const headers = await copyAndReadHeaders(pending, copies);
  const studyIds = new Set<string>();
  const unreferencedCopies: string[] = [];
  let stored = 0;
  for (const [i, file] of pending.entries()) {
    const objectKey = instanceObjectKey(file.id);
    const outcome = await indexInstanceInTransaction(
      tx,
      actor,
      { instanceId: file.id, objectKey, header: headers[i]!, byteSize: file.byteSize, sha256: file.sha256 },
      context,
      { patientRef: link.patientRef, quarantineFileId: file.id },
    );
    if (outcome.status === 'conflict') throw new AcceptConflict(outcome.message, 'existingStudyId' in outcome ? outcome.existingStudyId : undefined);
    studyIds.add(outcome.studyId);
    if (outcome.status === 'stored') stored++;
    else unreferencedCopies.push(objectKey); // the facility already holds these bytes under another key
  }

  const ids = pending.map((f) => f.id);
  await tx
    .update(quarantineFiles)
    .set({ status: 'accepted', decidedBy: actor.userId, decidedAt: new Date() })
    .where(and(inArray(quarantineFiles.id, ids), eq(quarantineFiles.status, 'pending')));
  await recordAudit(tx, {
    type: 'QUARANTINE_ACCEPTED',
    actor: staffAuditActor(actor),
    context,
    subject: { type: 'upload_link', id: link.id },
    patientRef: link.patientRef,
    studyIds: [...studyIds],
    details: { studyInstanceUid: pending[0]!.studyInstanceUid, files: ids.length, stored, alreadyHeld: ids.length - stored, quarantineFileIds: ids },
  });
  return {
    studyIds: [...studyIds],
    stored,
    alreadyHeld: ids.length - stored,
    objectKeysToDelete: [...pending.map((f) => f.objectKey), ...unreferencedCopies],
  };
}

/**
 * Copies each file to its instance key and reads its header back from the copy (the
 * bytes that will be served), a few at a time. `copies` collects every key written,
 * so the caller can delete them if anything fails.
 */
async function copyAndReadHeaders(files: QuarantineFile[], copies: string[]): Promise<DicomHeader[]> {
  const headers: DicomHeader[] = new Array(files.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let i = next++; i < files.length && !failed; i = next++) {
      const file = files[i]!;
      const key = instanceObjectKey(file.id);
      copies.push(key);
      await copyObject(file.objectKey, key);
      const parsed = readDicomHeader(await getObjectPrefix(key, Math.min(file.byteSize, headerPrefixBytes)), file.byteSize);
      // It parsed when it arrived; anything else now means the object is not what the row says.
      if (!parsed.ok || parsed.header.sopInstanceUid !== file.sopInstanceUid || parsed.header.studyInstanceUid !== file.studyInstanceUid) {
        throw new Error(`quarantined object of ${file.id} no longer matches its row`);
      }
      headers[i] = parsed.header;
    }
  };
  // Every worker settles before an error is thrown, so no copy lands after the caller's clean-up.
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(copyConcurrency, files.length) }, () => worker().catch((err: unknown) => {
      failed = true;
      throw err;
    })),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return headers;
}

async function recordAcceptConflict(
  actor: StaffActor,
  group: { uploadLinkId: string; studyInstanceUid: string },
  conflict: { patientRef: string; existingStudyId?: string },
  context: RequestContext,
): Promise<void> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'QUARANTINE_ACCEPTED',
      actor: staffAuditActor(actor),
      context,
      outcome: 'failure',
      reason: 'conflict',
      subject: { type: 'upload_link', id: group.uploadLinkId },
      patientRef: conflict.patientRef,
      studyIds: conflict.existingStudyId ? [conflict.existingStudyId] : [],
      details: { studyInstanceUid: group.studyInstanceUid },
    }),
  );
}
