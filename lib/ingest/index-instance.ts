// Indexes one stored, parsed instance: patient → study → series → instance, and
// the audit row, in one transaction. Everything is scoped to the actor's
// facility: the same PatientID or UID at another facility is another record.
// A caller that already knows whose images these are (an upload accepted from
// quarantine) can file them under that patient instead of the header's PatientID.
import { and, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { instances, patients, series, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import type { ReconciledAttribute } from '@/lib/dicom/coerce-patient-identity';
import type { DicomHeader } from '@/lib/dicom/read-dicom-header';
import { AppError } from '@/lib/errors';

export type IndexOutcome =
  | { status: 'stored'; studyId: string; sopInstanceUid: string }
  | { status: 'duplicate'; studyId: string; sopInstanceUid: string }
  | { status: 'conflict'; sopInstanceUid: string; message: string };

type StoredInstance = {
  instanceId: string;
  objectKey: string;
  header: DicomHeader;
  byteSize: number;
  sha256: string;
  /** A reconciled copy: the bytes as received, kept apart (never served), and which attributes were rewritten. */
  received?: { objectKey: string; sha256: string; byteSize: number };
  reconciledAttributes?: readonly ReconciledAttribute[];
};

export type IndexOptions = {
  /**
   * File the instance under this patient of the actor's facility, whatever PatientID
   * and demographics its header carries (an accept from quarantine has already
   * rewritten them to this patient's, lib/quarantine/reconcile-quarantined-file.ts). Without
   * it, the header's PatientID names the patient (created on first sight).
   */
  patientRef?: string;
  /** Where the file came from, for the INSTANCE_INGESTED row: accepted from quarantine. */
  quarantineFileId?: string;
};

/** A file that was not kept, with the study that already holds its UID (for the audit row). */
export type NotKeptOutcome = Exclude<IndexOutcome, { status: 'stored' }> & { existingStudyId?: string };

/** Thrown inside the transaction to roll back everything it wrote when the file is not kept. */
class NotKept extends Error {
  constructor(readonly outcome: Exclude<IndexOutcome, { status: 'stored' }>, readonly existingStudyId?: string) {
    super(outcome.status);
  }
}

export async function indexInstance(actor: StaffActor, stored: StoredInstance, context: RequestContext, options: IndexOptions = {}): Promise<IndexOutcome> {
  try {
    return await db().transaction((tx) => writeIndexRows(tx, actor, stored, context, options));
  } catch (err) {
    if (!(err instanceof NotKept)) throw err;
    if (err.outcome.status === 'conflict') {
      await db().transaction((tx) =>
        recordAudit(tx, {
          type: 'INSTANCE_REJECTED',
          actor: staffAuditActor(actor),
          context,
          outcome: 'failure',
          reason: 'conflict',
          subject: err.existingStudyId ? { type: 'study', id: err.existingStudyId } : undefined,
          studyIds: err.existingStudyId ? [err.existingStudyId] : [],
          details: { sopInstanceUid: err.outcome.sopInstanceUid },
        }),
      );
    }
    return err.outcome;
  }
}

const uidConflictMessage =
  'An instance with this SOP Instance UID is already stored with different content; the new file was not kept.';

/**
 * Indexes one instance inside the caller's transaction, under a savepoint: a file
 * that is not kept (duplicate, conflict) rolls back only its own writes and is
 * returned, so a caller indexing many files in one transaction decides what to do.
 * Writes INSTANCE_INGESTED for a stored file; a conflict is the caller's to record.
 */
export async function indexInstanceInTransaction(
  tx: Tx,
  actor: StaffActor,
  stored: StoredInstance,
  context: RequestContext,
  options: IndexOptions = {},
): Promise<IndexOutcome | NotKeptOutcome> {
  try {
    return await tx.transaction((savepoint) => writeIndexRows(savepoint, actor, stored, context, options));
  } catch (err) {
    if (!(err instanceof NotKept)) throw err;
    return { ...err.outcome, existingStudyId: err.existingStudyId };
  }
}

/** The patient the instance is filed under: the one named by the caller, or the header's (created on first sight). */
async function patientFor(tx: Tx, actor: StaffActor, header: DicomHeader, options: IndexOptions): Promise<{ id: string }> {
  if (options.patientRef) {
    // Scoped to the actor's facility: a foreign patient is not found, never borrowed.
    const [named] = await tx
      .select({ id: patients.id })
      .from(patients)
      .where(and(eq(patients.id, options.patientRef), eq(patients.facilityId, actor.facilityId)));
    if (!named) throw new AppError('not_found:patient');
    return named;
  }
  const [patient] = await tx
    .insert(patients)
    .values({
      facilityId: actor.facilityId,
      patientId: header.patient.id,
      name: header.patient.name,
      birthDate: header.patient.birthDate,
      sex: header.patient.sex,
    })
    // A no-op update so RETURNING yields the existing row; the first file's demographics stand.
    .onConflictDoUpdate({ target: [patients.facilityId, patients.patientId], set: { patientId: sql`excluded.patient_id` } })
    .returning({ id: patients.id });
  return patient!;
}

async function writeIndexRows(tx: Tx, actor: StaffActor, stored: StoredInstance, context: RequestContext, options: IndexOptions): Promise<IndexOutcome> {
  const { header } = stored;
  const auditActor = staffAuditActor(actor);
  const patient = await patientFor(tx, actor, header, options);

  const [study] = await tx
    .insert(studies)
    .values({
      facilityId: actor.facilityId,
      patientRef: patient.id,
      studyInstanceUid: header.studyInstanceUid,
      studyDate: header.study.date,
      studyTime: header.study.time,
      description: header.study.description,
      accessionNumber: header.study.accessionNumber,
      referringPhysician: header.study.referringPhysician,
    })
    .onConflictDoUpdate({ target: [studies.facilityId, studies.studyInstanceUid], set: { studyInstanceUid: sql`excluded.study_instance_uid` } })
    .returning({ id: studies.id, patientRef: studies.patientRef });

  if (study!.patientRef !== patient.id) {
    throw new NotKept(
      { status: 'conflict', sopInstanceUid: header.sopInstanceUid, message: 'This study is already filed under a different patient at this facility.' },
      study!.id,
    );
  }

  const [seriesRow] = await tx
    .insert(series)
    .values({
      studyId: study!.id,
      seriesInstanceUid: header.seriesInstanceUid,
      modality: header.series.modality,
      seriesNumber: header.series.number,
      description: header.series.description,
      bodyPart: header.series.bodyPart,
    })
    .onConflictDoUpdate({ target: [series.studyId, series.seriesInstanceUid], set: { seriesInstanceUid: sql`excluded.series_instance_uid` } })
    .returning({ id: series.id });

  const inserted = await tx
    .insert(instances)
    .values({
      id: stored.instanceId,
      facilityId: actor.facilityId,
      studyId: study!.id,
      seriesId: seriesRow!.id,
      sopInstanceUid: header.sopInstanceUid,
      sopClassUid: header.sopClassUid,
      instanceNumber: header.instance.number,
      frames: header.instance.numberOfFrames,
      rows: header.instance.rows,
      columns: header.instance.columns,
      transferSyntaxUid: header.transferSyntaxUid,
      byteSize: stored.byteSize,
      sha256: stored.sha256,
      objectKey: stored.objectKey,
      viewerMetadata: header.viewerMetadata,
      receivedObjectKey: stored.received?.objectKey ?? null,
      receivedSha256: stored.received?.sha256 ?? null,
      receivedByteSize: stored.received?.byteSize ?? null,
    })
    .onConflictDoNothing({ target: [instances.facilityId, instances.sopInstanceUid] })
    .returning({ id: instances.id });

  if (inserted.length === 0) {
    const [existing] = await tx
      .select({ sha256: instances.sha256, receivedSha256: instances.receivedSha256, studyId: instances.studyId })
      .from(instances)
      .where(and(eq(instances.facilityId, actor.facilityId), eq(instances.sopInstanceUid, header.sopInstanceUid)));
    if (existing && sameReceivedFile(existing, stored)) {
      throw new NotKept({ status: 'duplicate', studyId: existing.studyId, sopInstanceUid: header.sopInstanceUid });
    }
    throw new NotKept({ status: 'conflict', sopInstanceUid: header.sopInstanceUid, message: uidConflictMessage }, existing?.studyId);
  }

  await recordAudit(tx, {
    type: 'INSTANCE_INGESTED',
    actor: auditActor,
    context,
    subject: { type: 'instance', id: stored.instanceId },
    patientRef: patient.id,
    studyIds: [study!.id],
    details: {
      studyId: study!.id,
      sopInstanceUid: header.sopInstanceUid,
      byteSize: stored.byteSize,
      sha256: stored.sha256,
      ...(options.quarantineFileId && { quarantineFileId: options.quarantineFileId }),
      // Keywords only, never values: audit rows hold no patient names.
      ...(stored.received && {
        reconciled: { attributes: [...(stored.reconciledAttributes ?? [])], reason: 'COERCE', receivedSha256: stored.received.sha256, receivedByteSize: stored.received.byteSize },
      }),
    },
  });
  return { status: 'stored' as const, studyId: study!.id, sopInstanceUid: header.sopInstanceUid };
}

/**
 * The facility already holds this image: the same bytes as stored, or as received
 * (a reconciled copy differs from the received file, and from an earlier
 * reconciliation of it, by its modification time).
 */
function sameReceivedFile(existing: { sha256: string; receivedSha256: string | null }, stored: StoredInstance): boolean {
  const received = stored.received?.sha256 ?? stored.sha256;
  return existing.sha256 === stored.sha256 || existing.sha256 === received || existing.receivedSha256 === received;
}

/** A file that was not DICOM, or was broken: recorded without its contents or name. */
export async function recordRejectedFile(actor: StaffActor, file: { reason: string; byteSize: number }, context: RequestContext): Promise<void> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'INSTANCE_REJECTED',
      actor: staffAuditActor(actor),
      context,
      outcome: 'failure',
      reason: file.reason,
      details: { byteSize: file.byteSize },
    }),
  );
}
