// One study of the actor's facility, with its series and the links that share it.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { instances, patients, series, shareLinks, shareLinkStudies, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { noRequestContext, recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { linkDisplayState, type LinkDisplayState } from '@/lib/shares/link-display-state';
import { publicLinkFields } from '@/lib/shares/public-link-fields';
import { assertCanReadStudies, staffStudyWhere } from './study-access';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

/** Reading a study's record (patient, series, links) is recorded as such. */
export async function getStudyForStaff(actor: StaffActor, studyId: string, context: RequestContext = noRequestContext) {
  return withRefusalAudit(staffAuditActor(actor), { type: 'study', id: studyId }, context, () => getStudyForStaffUnaudited(actor, studyId, context));
}

async function getStudyForStaffUnaudited(actor: StaffActor, studyId: string, context: RequestContext = noRequestContext) {
  assertCanReadStudies(actor);
  if (!uuid.safeParse(studyId).success) throw new AppError('not_found:study');
  // One transaction: the record and its audit row commit together.
  return db().transaction(async (database) => {
    const [row] = await database
      .select({ study: studies, patient: patients })
      .from(studies)
      .innerJoin(patients, eq(patients.id, studies.patientRef))
      .where(and(eq(studies.id, studyId), staffStudyWhere(actor)));
    if (!row) throw new AppError('not_found:study');
    await recordAudit(database, {
      type: 'STUDY_RECORD_VIEWED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'study', id: row.study.id },
      patientRef: row.patient.id,
      studyIds: [row.study.id],
    });

    // A join, not correlated subqueries: in a one-table query drizzle leaves columns
    // unqualified, and `series_id = id` inside a subquery on instances compared instances.id.
    const seriesRows = await database
      .select({
        id: series.id,
        seriesNumber: series.seriesNumber,
        modality: series.modality,
        description: series.description,
        imageCount: sql<number>`count(${instances.id})::int`,
        bytes: sql<number>`coalesce(sum(${instances.byteSize}), 0)::float8`,
      })
      .from(series)
      .leftJoin(instances, eq(instances.seriesId, series.id))
      .where(eq(series.studyId, row.study.id))
      .groupBy(series.id)
      .orderBy(asc(series.seriesNumber));

    const links = await database
      .select({ link: shareLinks })
      .from(shareLinks)
      .innerJoin(shareLinkStudies, eq(shareLinkStudies.shareLinkId, shareLinks.id))
      .where(and(eq(shareLinkStudies.studyId, row.study.id), eq(shareLinks.facilityId, actor.facilityId)))
      .orderBy(desc(shareLinks.createdAt));

    // A link whose consent was withdrawn (or no longer covers it) shows as such to its issuer.
    const states: LinkDisplayState[] = [];
    for (const { link } of links) states.push(await linkDisplayState(database, link)); // one connection: in turn
    return {
      study: row.study,
      patient: row.patient,
      series: seriesRows,
      links: links.map(({ link }, i) => ({ ...publicLinkFields(link), state: states[i]! })),
    };
  });
}
