// "Accept for <patient>": the group's pending files become the facility's
// instances, filed under the patient the upload link names. Files whose headers name
// someone else (another hospital's PatientID, name, birth date...) are reconciled as
// IHE Import Reconciliation does: the stored instance carries the local patient's
// identity, the replaced values kept inside it (Original Attributes Sequence), and
// the received bytes are kept apart under received/<id>, never served
// (reconcile-quarantined-file.ts). Files that already name the patient as the
// facility records them are copied server-side as they are. Each is indexed through
// the normal index path with the patient forced, and the rows marked accepted — all
// in one transaction with the QUARANTINE_ACCEPTED row, holding the rows' locks. Only
// after the commit are the quarantine objects deleted.
//
// A group whose headers disagree with the patient (PatientID, birth date) is only
// accepted when staff confirm they checked it.
//
// Failure leaves nothing half-done: any error before the commit deletes this
// attempt's objects (instance and received copies; still under the locks, so no
// other attempt can be using them) and rolls everything back; the files stay
// pending. A retry after success finds them accepted and only deletes quarantine
// objects that may be left.
import { and, eq, inArray } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { facilities, patients, quarantineFiles, studies, type QuarantineFile } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import type { CoercionContext, LocalPatientIdentity, ReconciledAttribute } from '@/lib/dicom/coerce-patient-identity';
import { AppError } from '@/lib/errors';
import { indexInstanceInTransaction } from '@/lib/ingest/index-instance';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import { lockQuarantineGroup } from './lock-quarantine-group';
import { assertCanHandleQuarantine, parseQuarantineGroup, type QuarantineGroupInput } from './quarantine-access';
import { ReconcileRefused, reconcileQuarantinedFile, type AcceptedObject } from './reconcile-quarantined-file';

export type AcceptedStudy = {
  /** The facility's studies the files are now part of (usually one). */
  studyIds: string[];
  /** Files newly filed, and files whose image the facility already held (same UID, same bytes). */
  stored: number;
  alreadyHeld: number;
  /** Of the stored files, those whose headers were rewritten to the local patient. */
  reconciled: number;
};

/**
 * Files are placed a few at a time: S3 does a plain copy, and a reconciled copy holds
 * its header prefix (at most 4 MB) and its upload's part buffers (8 MB parts, one in
 * flight), not the file: a 256 MB file peaked at +97 MB of heap and buffers, garbage
 * not yet collected included.
 */
const placeConcurrency = 3;

/** A file the index refused (same UID with other bytes, or the study filed under another patient). */
class AcceptConflict extends Error {
  constructor(readonly publicMessage: string, readonly existingStudyId: string | undefined) {
    super('quarantine accept conflict');
  }
}

export async function acceptQuarantinedStudy(actor: StaffActor, raw: QuarantineGroupInput, context: RequestContext): Promise<AcceptedStudy> {
  assertCanHandleQuarantine(actor);
  const group = parseQuarantineGroup(raw);
  /** Set when the index refused a file or a header could not be rewritten; recorded once the transaction has rolled back. */
  const refusal: { on?: { patientRef: string; existingStudyId?: string } } = {};
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
      const written: string[] = [];
      try {
        return await acceptPending(tx, actor, link, pending, written, context);
      } catch (err) {
        // Still holding the rows' locks: nothing else can be using these keys.
        await Promise.all(written.map((key) => deleteObjectQuietly(key)));
        if (err instanceof AcceptConflict) refusal.on = { patientRef: link.patientRef, existingStudyId: err.existingStudyId };
        if (err instanceof ReconcileRefused) refusal.on = { patientRef: link.patientRef };
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof AcceptConflict && refusal.on) {
      await recordAcceptRefusal(actor, group, refusal.on, 'conflict', context);
      throw new AppError('conflict:quarantine_accept', `${err.publicMessage} Nothing was accepted; you can reject these images instead.`);
    }
    if (err instanceof ReconcileRefused && refusal.on) {
      await recordAcceptRefusal(actor, group, refusal.on, 'not_reconcilable', context);
      throw new AppError(
        'unprocessable:quarantine_reconcile',
        'The patient details inside these images could not be rewritten to this patient, so they were not accepted: their header uses something ScanShare cannot rewrite (such as several character sets). Nothing was changed; you can reject them and ask the sender for another copy.',
        { cause: err },
      );
    }
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable:quarantine_accept', 'The images could not be accepted. Nothing was changed; please try again.', { cause: err });
  }
  // After the commit: the rows say "accepted" whether or not a delete fails; a retry deletes again.
  await Promise.all(result.objectKeysToDelete.map((key) => deleteObjectQuietly(key)));
  return { studyIds: result.studyIds, stored: result.stored, alreadyHeld: result.alreadyHeld, reconciled: result.reconciled };
}

/** Nothing pending: accepted before (finish the clean-up), or rejected (refused). */
async function finishedEarlier(tx: Tx, actor: StaffActor, studyInstanceUid: string, files: QuarantineFile[]) {
  const accepted = files.filter((f) => f.status === 'accepted');
  if (accepted.length === 0) throw new AppError('conflict:quarantine_decided', 'These images were already rejected.');
  const rows = await tx
    .select({ id: studies.id })
    .from(studies)
    .where(and(eq(studies.facilityId, actor.facilityId), eq(studies.studyInstanceUid, studyInstanceUid)));
  return { studyIds: rows.map((r) => r.id), stored: 0, alreadyHeld: 0, reconciled: 0, objectKeysToDelete: accepted.map((f) => f.objectKey) };
}

async function acceptPending(
  tx: Tx,
  actor: StaffActor,
  link: { id: string; patientRef: string },
  pending: QuarantineFile[],
  written: string[],
  context: RequestContext,
) {
  const { local, coercion } = await reconciliationTarget(tx, actor, link.patientRef);
  const placed = await placeAll(pending, local, coercion, written);
  const studyIds = new Set<string>();
  const unreferenced: string[] = [];
  const reconciledAttributes = new Set<ReconciledAttribute>();
  let stored = 0;
  let reconciled = 0;
  for (const [i, file] of pending.entries()) {
    const object = placed[i]!;
    const outcome = await indexInstanceInTransaction(
      tx,
      actor,
      {
        instanceId: file.id,
        objectKey: object.objectKey,
        header: object.header,
        byteSize: object.byteSize,
        sha256: object.sha256,
        ...(object.reconciled && { received: object.reconciled.received, reconciledAttributes: object.reconciled.attributes }),
      },
      context,
      { patientRef: link.patientRef, quarantineFileId: file.id },
    );
    if (outcome.status === 'conflict') throw new AcceptConflict(outcome.message, 'existingStudyId' in outcome ? outcome.existingStudyId : undefined);
    studyIds.add(outcome.studyId);
    if (outcome.status === 'stored') {
      stored++;
      if (object.reconciled) {
        reconciled++;
        object.reconciled.attributes.forEach((a) => reconciledAttributes.add(a));
      }
    } else {
      // The facility already holds this image under another key: this attempt's objects are not kept.
      unreferenced.push(object.objectKey, ...(object.reconciled ? [object.reconciled.received.objectKey] : []));
    }
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
    details: {
      studyInstanceUid: pending[0]!.studyInstanceUid,
      files: ids.length,
      stored,
      alreadyHeld: ids.length - stored,
      quarantineFileIds: ids,
      // Which attributes were rewritten, by keyword: never their values (no patient data in audit rows).
      ...(reconciled > 0 && { reconciled, reconciledAttributes: [...reconciledAttributes].sort(), reconciliationReason: 'COERCE' }),
    },
  });
  return {
    studyIds: [...studyIds],
    stored,
    alreadyHeld: ids.length - stored,
    reconciled,
    objectKeysToDelete: [...pending.map((f) => f.objectKey), ...unreferenced],
  };
}

/** The local patient's identity every accepted file must carry, and who is changing them. */
async function reconciliationTarget(tx: Tx, actor: StaffActor, patientRef: string): Promise<{ local: LocalPatientIdentity; coercion: CoercionContext }> {
  const [row] = await tx
    .select({
      patientId: patients.patientId,
      name: patients.name,
      birthDate: patients.birthDate,
      sex: patients.sex,
      issuerOfPatientId: facilities.issuerOfPatientId,
      facilityName: facilities.name,
    })
    .from(patients)
    .innerJoin(facilities, eq(facilities.id, patients.facilityId))
    .where(and(eq(patients.id, patientRef), eq(patients.facilityId, actor.facilityId)));
  if (!row) throw new AppError('not_found:patient');
  return {
    // Without a facility issuer the sender's is removed and none is added.
    local: { patientId: row.patientId, name: row.name, birthDate: row.birthDate, sex: row.sex, issuerOfPatientId: row.issuerOfPatientId },
    coercion: { at: new Date(), modifyingSystem: `ScanShare (${row.facilityName})` },
  };
}

/**
 * Places each file's instance object (reconciled or copied) and reads its header
 * back, a few at a time. `written` collects every key written, so the caller can
 * delete them if anything fails.
 */
async function placeAll(files: QuarantineFile[], local: LocalPatientIdentity, coercion: CoercionContext, written: string[]): Promise<AcceptedObject[]> {
  const placed: AcceptedObject[] = new Array(files.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let i = next++; i < files.length && !failed; i = next++) {
      placed[i] = await reconcileQuarantinedFile(files[i]!, local, coercion, written);
    }
  };
  // Every worker settles before an error is thrown, so no object lands after the caller's clean-up.
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(placeConcurrency, files.length) }, () => worker().catch((err: unknown) => {
      failed = true;
      throw err;
    })),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return placed;
}

async function recordAcceptRefusal(
  actor: StaffActor,
  group: { uploadLinkId: string; studyInstanceUid: string },
  conflict: { patientRef: string; existingStudyId?: string },
  reason: 'conflict' | 'not_reconcilable',
  context: RequestContext,
): Promise<void> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'QUARANTINE_ACCEPTED',
      actor: staffAuditActor(actor),
      context,
      outcome: 'failure',
      reason,
      subject: { type: 'upload_link', id: group.uploadLinkId },
      patientRef: conflict.patientRef,
      studyIds: conflict.existingStudyId ? [conflict.existingStudyId] : [],
      details: { studyInstanceUid: group.studyInstanceUid },
    }),
  );
}
