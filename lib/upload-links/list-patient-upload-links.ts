// A patient's upload links for staff of their facility: what they are (expiry,
// check, state) and what came in through each (pending, accepted, rejected files).
// Reading it shows the patient's record, so it is recorded (UPLOAD_LINKS_LISTED).
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { facilities, patients, quarantineFiles, uploadLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { uploadLinkRejection } from './upload-link-state';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export type PatientUploadLink = {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  accessCheckKind: string;
  note: string | null;
  state: 'active' | 'expired' | 'revoked' | 'locked';
  files: { pending: number; accepted: number; rejected: number };
};

export type PatientUploadLinks = {
  patient: { id: string; patientId: string; name: string; birthDate: string | null };
  maxLinkLifetimeDays: number;
  links: PatientUploadLink[];
};

export async function listPatientUploadLinks(actor: StaffActor, patientRef: string, context: RequestContext): Promise<PatientUploadLinks> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'patient', id: patientRef }, context, () => listPatientUploadLinksUnaudited(actor, patientRef, context));
}

async function listPatientUploadLinksUnaudited(actor: StaffActor, patientRef: string, context: RequestContext): Promise<PatientUploadLinks> {
  if (!can(actor, 'upload_link:manage')) throw new AppError('forbidden:upload_links');
  if (!uuid.safeParse(patientRef).success) throw new AppError('not_found:patient');
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({
        patient: { id: patients.id, patientId: patients.patientId, name: patients.name, birthDate: patients.birthDate },
        maxLinkLifetimeDays: facilities.maxLinkLifetimeDays,
      })
      .from(patients)
      .innerJoin(facilities, eq(facilities.id, patients.facilityId))
      .where(and(eq(patients.id, patientRef), eq(patients.facilityId, actor.facilityId)));
    if (!row) throw new AppError('not_found:patient');
    // A join with filtered counts (a correlated subquery in a one-table query would lose its table names).
    const count = (status: 'pending' | 'accepted' | 'rejected') => sql<number>`(count(${quarantineFiles.id}) filter (where ${quarantineFiles.status} = ${status}))::int`;
    const links = await tx
      .select({
        id: uploadLinks.id,
        createdAt: uploadLinks.createdAt,
        expiresAt: uploadLinks.expiresAt,
        revokedAt: uploadLinks.revokedAt,
        lockedAt: uploadLinks.lockedAt,
        accessCheckKind: uploadLinks.accessCheckKind,
        note: uploadLinks.noteToUploader,
        pending: count('pending'),
        accepted: count('accepted'),
        rejected: count('rejected'),
      })
      .from(uploadLinks)
      .leftJoin(quarantineFiles, eq(quarantineFiles.uploadLinkId, uploadLinks.id))
      .where(and(eq(uploadLinks.patientRef, row.patient.id), eq(uploadLinks.facilityId, actor.facilityId)))
      .groupBy(uploadLinks.id)
      .orderBy(desc(uploadLinks.createdAt))
      .limit(100);
    await recordAudit(tx, {
      type: 'UPLOAD_LINKS_LISTED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'patient', id: row.patient.id },
      patientRef: row.patient.id,
      details: { links: links.length },
    });
    return {
      ...row,
      links: links.map((l) => ({
        id: l.id,
        createdAt: l.createdAt,
        expiresAt: l.expiresAt,
        accessCheckKind: l.accessCheckKind,
        note: l.note,
        state: uploadLinkRejection(l) ?? 'active',
        files: { pending: l.pending, accepted: l.accepted, rejected: l.rejected },
      })),
    };
  });
}
