// A patient's consents for staff of their facility: every version (nothing is ever
// deleted), what was in force at a chosen moment, and the links shared under each.
// Reading them is a read of patient data, so it is recorded (CONSENTS_LISTED).
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { consents, consentVersions, consentVersionStudies, patients, shareLinks, studies, users, type ConsentVersion } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { shareLinkRejection } from '@/lib/shares/link-state';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export type ConsentVersionView = ConsentVersion & { studyIds: string[]; recordedByEmail: string };

export type PatientConsent = {
  consentId: string;
  /** Now: active, withdrawn, or ended (past its validity). */
  status: 'active' | 'withdrawn' | 'ended';
  versions: ConsentVersionView[]; // newest first
  /** The version in force at the moment asked about, or null (none yet, withdrawn, or outside its validity). */
  inForce: ConsentVersionView | null;
  links: Array<{ id: string; recipientKind: string; recipientEmail: string | null; createdAt: Date; expiresAt: Date; state: string }>;
};

/**
 * The version of a consent in force at `at`: the latest one recorded by then, if it
 * was active and `at` falls in its validity period.
 */
export function versionInForceAt<V extends Pick<ConsentVersion, 'version' | 'status' | 'recordedAt' | 'validFrom' | 'validUntil'>>(versions: V[], at: Date): V | null {
  const recorded = versions.filter((v) => v.recordedAt.getTime() <= at.getTime()).sort((a, b) => b.version - a.version)[0];
  if (!recorded || recorded.status !== 'active') return null;
  if (recorded.validFrom.getTime() > at.getTime() || recorded.validUntil.getTime() <= at.getTime()) return null;
  return recorded;
}

export async function listPatientConsents(
  actor: StaffActor,
  patientRef: string,
  options: { at?: Date },
  context: RequestContext,
): Promise<{ patient: { id: string; patientId: string; name: string; birthDate: string | null }; consents: PatientConsent[]; studies: Array<{ id: string; description: string; studyDate: string | null }> }> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'patient', id: patientRef }, context, () => listPatientConsentsUnaudited(actor, patientRef, options, context));
}

async function listPatientConsentsUnaudited(
  actor: StaffActor,
  patientRef: string,
  options: { at?: Date },
  context: RequestContext,
): Promise<{ patient: { id: string; patientId: string; name: string; birthDate: string | null }; consents: PatientConsent[]; studies: Array<{ id: string; description: string; studyDate: string | null }> }> {
  if (!can(actor, 'consent:read')) throw new AppError('forbidden:consent_read');
  if (!uuid.safeParse(patientRef).success) throw new AppError('not_found:patient');
  const at = options.at ?? new Date();
  return db().transaction(async (tx) => {
    const [patient] = await tx
      .select({ id: patients.id, patientId: patients.patientId, name: patients.name, birthDate: patients.birthDate })
      .from(patients)
      .where(and(eq(patients.id, patientRef), eq(patients.facilityId, actor.facilityId)));
    if (!patient) throw new AppError('not_found:patient');

    const patientStudies = await tx
      .select({ id: studies.id, description: studies.description, studyDate: studies.studyDate })
      .from(studies)
      .where(eq(studies.patientRef, patient.id))
      .orderBy(desc(studies.studyDate));
    const consentRows = await tx
      .select({ id: consents.id })
      .from(consents)
      .where(and(eq(consents.patientRef, patient.id), eq(consents.facilityId, actor.facilityId)))
      .orderBy(desc(consents.createdAt));
    const ids = consentRows.map((c) => c.id);
    const versions = ids.length
      ? await tx
          .select({ version: consentVersions, recordedByEmail: users.email })
          .from(consentVersions)
          .innerJoin(users, eq(users.id, consentVersions.recordedBy))
          .where(inArray(consentVersions.consentId, ids))
          .orderBy(desc(consentVersions.version))
      : [];
    const versionStudies = versions.length
      ? await tx
          .select()
          .from(consentVersionStudies)
          .where(inArray(consentVersionStudies.consentVersionId, versions.map((v) => v.version.id)))
      : [];
    const links = ids.length
      ? await tx.select().from(shareLinks).where(inArray(shareLinks.consentId, ids)).orderBy(asc(shareLinks.createdAt))
      : [];

    const result: PatientConsent[] = consentRows.map((c) => {
      const own = versions
        .filter((v) => v.version.consentId === c.id)
        .map((v) => ({
          ...v.version,
          recordedByEmail: v.recordedByEmail,
          studyIds: versionStudies.filter((s) => s.consentVersionId === v.version.id).map((s) => s.studyId),
        }));
      const latest = own[0];
      const status = latest?.status === 'withdrawn' ? 'withdrawn' : latest && latest.validUntil.getTime() <= Date.now() ? 'ended' : 'active';
      return {
        consentId: c.id,
        status,
        versions: own,
        inForce: versionInForceAt(own, at),
        links: links
          .filter((l) => l.consentId === c.id)
          .map((l) => ({
            id: l.id,
            recipientKind: l.recipientKind,
            recipientEmail: l.recipientEmail,
            createdAt: l.createdAt,
            expiresAt: l.expiresAt,
            state: shareLinkRejection(l) ?? (latest?.status === 'withdrawn' ? 'consent withdrawn' : 'active'),
          })),
      };
    });

    await recordAudit(tx, {
      type: 'CONSENTS_LISTED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'patient', id: patient.id },
      patientRef: patient.id,
      details: { consents: ids.length, at: at.toISOString() },
    });
    return { patient, consents: result, studies: patientStudies };
  });
}
