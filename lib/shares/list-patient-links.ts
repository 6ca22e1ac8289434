// Every link of one patient (issued by staff or forwarded by the patient), with
// its state, opens and downloads, for the front desk of the patient's facility.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { patients, shareLinks, shareLinkStudies, studies, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { linkDisplayState, type LinkDisplayState } from './link-display-state';
import { publicLinkFields, type PublicLinkFields } from './public-link-fields';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export type PatientLink = PublicLinkFields & {
  state: LinkDisplayState;
  issuedBy: string | null;
  studies: Array<{ id: string; description: string; studyDate: string | null }>;
};

export async function listPatientLinks(
  actor: StaffActor,
  patientRef: string,
  context: RequestContext,
): Promise<{ patient: { id: string; patientId: string; name: string }; links: PatientLink[] }> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'patient', id: patientRef }, context, () => listPatientLinksUnaudited(actor, patientRef, context));
}

async function listPatientLinksUnaudited(
  actor: StaffActor,
  patientRef: string,
  context: RequestContext,
): Promise<{ patient: { id: string; patientId: string; name: string }; links: PatientLink[] }> {
  if (!can(actor, 'share_link:read')) throw new AppError('forbidden:share_links_read');
  if (!uuid.safeParse(patientRef).success) throw new AppError('not_found:patient');
  return db().transaction(async (tx) => {
    const [patient] = await tx
      .select({ id: patients.id, patientId: patients.patientId, name: patients.name })
      .from(patients)
      .where(and(eq(patients.id, patientRef), eq(patients.facilityId, actor.facilityId)));
    if (!patient) throw new AppError('not_found:patient');
    const rows = await tx
      .select({ link: shareLinks, issuedBy: users.email })
      .from(shareLinks)
      .leftJoin(users, eq(users.id, shareLinks.createdBy))
      .where(and(eq(shareLinks.patientRef, patient.id), eq(shareLinks.facilityId, actor.facilityId)))
      .orderBy(desc(shareLinks.createdAt))
      .limit(500);
    const linkStudies = rows.length
      ? await tx
          .select({ shareLinkId: shareLinkStudies.shareLinkId, id: studies.id, description: studies.description, studyDate: studies.studyDate })
          .from(shareLinkStudies)
          .innerJoin(studies, eq(studies.id, shareLinkStudies.studyId))
          .where(inArray(shareLinkStudies.shareLinkId, rows.map((r) => r.link.id)))
      : [];
    const links: PatientLink[] = [];
    for (const { link, issuedBy } of rows) {
      links.push({
        ...publicLinkFields(link),
        state: await linkDisplayState(tx, link),
        issuedBy,
        studies: linkStudies.filter((s) => s.shareLinkId === link.id).map((s) => ({ id: s.id, description: s.description, studyDate: s.studyDate })),
      });
    }
    await recordAudit(tx, {
      type: 'SHARE_LINKS_LISTED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'patient', id: patient.id },
      patientRef: patient.id,
      details: { links: links.length },
    });
    return { patient, links };
  });
}
