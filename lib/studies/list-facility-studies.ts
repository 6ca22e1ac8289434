// The front desk's study list: studies of the actor's facility, newest first.
import { and, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { noRequestContext, recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { patients, studies } from '@/db/schema';
import { studyImageCount, studyModalities } from './study-summary-columns';
import type { StaffActor } from '@/lib/auth/actors';
import { assertCanReadStudies, staffStudyWhere } from './study-access';

export type FacilityStudyRow = {
  id: string;
  patientName: string;
  patientId: string;
  studyDate: string | null;
  description: string;
  modalities: string[];
  imageCount: number;
  createdAt: Date;
};


/** Staff reading the list is a read of patient data (names, PatientIDs): recorded with the studies shown. */
export async function listFacilityStudies(
  actor: StaffActor,
  options: { search?: string; limit?: number } = {},
  context: RequestContext = noRequestContext,
): Promise<FacilityStudyRow[]> {
  assertCanReadStudies(actor);
  const search = options.search?.trim();
  const matches = search
    ? or(ilike(patients.name, `%${search}%`), ilike(patients.patientId, `%${search}%`), ilike(studies.description, `%${search}%`))
    : undefined;
  return db().transaction(async (tx) => {
    const rows = await listed(tx, actor, matches, options.limit);
    await recordAudit(tx, {
      type: 'STUDIES_LISTED',
      actor: staffAuditActor(actor),
      context,
      studyIds: rows.map((r) => r.id),
      details: { search: search ? 'yes' : 'no', rows: rows.length },
    });
    return rows;
  });
}

function listed(tx: DbOrTx, actor: StaffActor, matches: SQL | undefined, limit: number | undefined) {
  return tx
    .select({
      id: studies.id,
      patientName: patients.name,
      patientId: patients.patientId,
      studyDate: studies.studyDate,
      description: studies.description,
      modalities: studyModalities,
      imageCount: studyImageCount,
      createdAt: studies.createdAt,
    })
    .from(studies)
    .innerJoin(patients, eq(patients.id, studies.patientRef))
    .where(matches ? and(staffStudyWhere(actor), matches) : staffStudyWhere(actor))
    .orderBy(desc(studies.createdAt))
    .limit(Math.min(limit ?? 100, 500));
}
