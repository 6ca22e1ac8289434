// What a link recipient sees after the access check: the shared studies with
// patient name, date, modalities, description and image count. A read of patient
// data, so it is audited.
import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, shareLinks, studies } from '@/db/schema';
import { studyImageCount, studyModalities, studyTotalBytes } from './study-summary-columns';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { linkStudyWhere } from './study-access';
import { unsafeFacilityContact, type FacilityContact } from '@/lib/facilities/facility-contact';

export type SharedStudy = {
  id: string;
  patientName: string;
  studyDate: string | null;
  description: string;
  modalities: string[];
  imageCount: number;
  totalBytes: number;
};

export type SharedStudies = {
  studies: SharedStudy[];
  linkExpiresAt: Date;
  allowDownload: boolean;
  /** The patient may forward studies from this link to a specialist. */
  canForward: boolean;
  /** The patient sees who used their link (and those they forwarded). */
  canSeeHistory: boolean;
  noteToRecipient: string | null;
  /** Who shared the link and how to reach them (the link's own facility). */
  facility: FacilityContact;
};

export async function listSharedStudies(actor: LinkActor, context: RequestContext): Promise<SharedStudies> {
  return db().transaction(async (tx) => {
    const [link] = await tx.select({ note: shareLinks.noteToRecipient }).from(shareLinks).where(eq(shareLinks.id, actor.shareLinkId));
    const rows = await tx
      .select({
        id: studies.id,
        patientName: patients.name,
        studyDate: studies.studyDate,
        description: studies.description,
        modalities: studyModalities,
        imageCount: studyImageCount,
        totalBytes: studyTotalBytes,
      })
      .from(studies)
      .innerJoin(patients, eq(patients.id, studies.patientRef))
      .where(linkStudyWhere(tx, actor))
      .orderBy(asc(studies.studyDate));
    await recordAudit(tx, {
      type: 'SHARED_STUDIES_LISTED',
      actor: linkAuditActor(actor),
      context,
      subject: { type: 'share_link', id: actor.shareLinkId },
      patientRef: actor.patientRef,
      studyIds: rows.map((r) => r.id),
    });
    return {
      studies: rows,
      linkExpiresAt: actor.linkExpiresAt,
      allowDownload: actor.allowDownload,
      canForward: actor.recipientKind === 'patient' && actor.allowForward,
      canSeeHistory: actor.recipientKind === 'patient',
      noteToRecipient: link?.note ?? null,
      facility: await unsafeFacilityContact(actor.facilityId, tx),
    };
  });
}
