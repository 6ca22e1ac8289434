// The quarantine inbox: pending uploads of the actor's facility, one group per
// upload link and StudyInstanceUID, with the patient the link names beside what
// the files' headers say, a flag where they disagree, and whether the facility
// already holds the study (same StudyInstanceUID). Showing it is a read of
// patient data (names, PatientIDs), so it is recorded (QUARANTINE_LISTED).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, quarantineFiles, studies, uploadLinks, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import type { HeaderMismatch } from './header-summary';
import { assertCanHandleQuarantine, staffQuarantineWhere } from './quarantine-access';

export type QuarantineGroup = {
  uploadLinkId: string;
  studyInstanceUid: string;
  /** The patient the upload link was issued for. */
  patient: { id: string; patientId: string; name: string; birthDate: string | null };
  requestedBy: string;
  files: number;
  bytes: number;
  lastReceivedAt: Date;
  /** What the headers say: every distinct value across the group's files. */
  header: { patientIds: string[]; patientNames: string[]; birthDates: string[]; modalities: string[]; studyDate: string | null; studyDescription: string };
  mismatches: HeaderMismatch[];
  /**
   * The facility's study with this StudyInstanceUID, if it holds one: under the link's
   * patient (accepting adds only what is new), or under another patient (accepting is
   * refused: one study is one patient's).
   */
  onFile: { studyId: string; samePatient: boolean } | null;
};

const maxGroups = 200;

export async function listQuarantineInbox(actor: StaffActor, context: RequestContext): Promise<QuarantineGroup[]> {
  assertCanHandleQuarantine(actor);
  return db().transaction(async (tx) => {
    const text = (field: string) => sql<string[]>`array_remove(array_agg(distinct ${quarantineFiles.header} ->> ${field}), null)`;
    const groups = await tx
      .select({
        uploadLinkId: quarantineFiles.uploadLinkId,
        studyInstanceUid: quarantineFiles.studyInstanceUid,
        files: sql<number>`count(*)::int`,
        bytes: sql<number>`sum(${quarantineFiles.byteSize})::float8`,
        lastReceivedAt: sql<Date>`max(${quarantineFiles.receivedAt})`.mapWith((v: string | Date) => new Date(v)),
        patientIds: text('patientId'),
        patientNames: text('patientName'),
        birthDates: text('birthDate'),
        modalities: text('modality'),
        studyDate: sql<string | null>`max(${quarantineFiles.header} ->> 'studyDate')`,
        studyDescription: sql<string | null>`max(${quarantineFiles.header} ->> 'studyDescription')`,
        patientIdDiffers: sql<boolean>`bool_or('patient_id' = any(${quarantineFiles.mismatches}))`,
        birthDateDiffers: sql<boolean>`bool_or('birth_date' = any(${quarantineFiles.mismatches}))`,
      })
      .from(quarantineFiles)
      .where(and(staffQuarantineWhere(actor), eq(quarantineFiles.status, 'pending')))
      .groupBy(quarantineFiles.uploadLinkId, quarantineFiles.studyInstanceUid)
      .orderBy(desc(sql`max(${quarantineFiles.receivedAt})`))
      .limit(maxGroups);

    const linkIds = [...new Set(groups.map((g) => g.uploadLinkId))];
    const links = linkIds.length
      ? await tx
          .select({
            id: uploadLinks.id,
            patient: { id: patients.id, patientId: patients.patientId, name: patients.name, birthDate: patients.birthDate },
            requestedBy: users.email,
          })
          .from(uploadLinks)
          .innerJoin(patients, eq(patients.id, uploadLinks.patientRef))
          .innerJoin(users, eq(users.id, uploadLinks.createdBy))
          // The facility again: a row of ours can only name a link of ours, and this says so.
          .where(and(inArray(uploadLinks.id, linkIds), eq(uploadLinks.facilityId, actor.facilityId)))
      : [];
    const linkOf = new Map(links.map((l) => [l.id, l]));
    const uids = [...new Set(groups.map((g) => g.studyInstanceUid))];
    const held = uids.length
      ? await tx
          .select({ id: studies.id, studyInstanceUid: studies.studyInstanceUid, patientRef: studies.patientRef })
          .from(studies)
          .where(and(eq(studies.facilityId, actor.facilityId), inArray(studies.studyInstanceUid, uids)))
      : [];
    const heldByUid = new Map(held.map((h) => [h.studyInstanceUid, h]));

    const result: QuarantineGroup[] = [];
    for (const g of groups) {
      const link = linkOf.get(g.uploadLinkId);
      if (!link) continue;
      result.push({
        uploadLinkId: g.uploadLinkId,
        studyInstanceUid: g.studyInstanceUid,
        patient: link.patient,
        requestedBy: link.requestedBy,
        files: g.files,
        bytes: g.bytes,
        lastReceivedAt: g.lastReceivedAt,
        header: {
          patientIds: g.patientIds,
          patientNames: g.patientNames,
          birthDates: g.birthDates,
          modalities: g.modalities,
          studyDate: g.studyDate,
          studyDescription: g.studyDescription ?? '',
        },
        mismatches: [...(g.patientIdDiffers ? (['patient_id'] as const) : []), ...(g.birthDateDiffers ? (['birth_date'] as const) : [])],
        onFile: onFileFor(heldByUid.get(g.studyInstanceUid), link.patient.id),
      });
    }
    await recordAudit(tx, {
      type: 'QUARANTINE_LISTED',
      actor: staffAuditActor(actor),
      context,
      details: { groups: result.length, uploadLinkIds: linkIds, patientRefs: [...new Set(result.map((g) => g.patient.id))] },
    });
    return result;
  });
}

function onFileFor(study: { id: string; patientRef: string } | undefined, patientRef: string): QuarantineGroup['onFile'] {
  return study ? { studyId: study.id, samePatient: study.patientRef === patientRef } : null;
}
