// Recording consents: a first version, a change (a new version) or a withdrawal
// (a new version with status withdrawn). Nothing is ever updated or deleted. Each
// version takes the consent's lock, so a link is never created under a version that
// is being replaced (lib/shares/create-share-link.ts takes the same lock).
import { and, desc, eq, inArray } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { consents, consentVersions, consentVersionStudies, patients, shareLinks, studies, type ConsentVersion } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import { storeConsentEvidence, type EvidenceUpload, type StoredEvidence } from './consent-evidence';
import type { ConsentTermsInput } from './consent-input';
import { lockConsents } from './latest-consent-versions';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

function requireRecorder(actor: StaffActor) {
  if (!can(actor, 'consent:record')) throw new AppError('forbidden:consent_record');
}

/** Stores the evidence, runs `work`, and deletes the evidence again when `work` fails: nothing half-written. */
async function withEvidence<T>(terms: ConsentTermsInput, evidence: EvidenceUpload | null, work: (stored: StoredEvidence | null) => Promise<T>): Promise<T> {
  if (terms.method !== 'verbal_witnessed' && !evidence) {
    throw new AppError(
      'unprocessable:evidence_missing',
      terms.method === 'signed_form' ? 'Attach the scan of the signed consent form.' : 'The patient’s signature is missing.',
    );
  }
  const stored = terms.method === 'verbal_witnessed' || !evidence ? null : await storeConsentEvidence(evidence);
  try {
    return await work(stored);
  } catch (err) {
    if (stored) await deleteObjectQuietly(stored.objectKey);
    throw err;
  }
}

async function insertVersion(
  tx: DbOrTx,
  actor: StaffActor,
  consentId: string,
  version: number,
  terms: ConsentTermsInput,
  stored: StoredEvidence | null,
  patientRef: string,
): Promise<ConsentVersion> {
  const studyIds = terms.scope === 'selected_studies' ? [...new Set(terms.studyIds)] : [];
  if (studyIds.length > 0) {
    // Scoped to the patient (and so to the facility): a foreign study is simply not found.
    const found = await tx
      .select({ id: studies.id })
      .from(studies)
      .where(and(eq(studies.facilityId, actor.facilityId), eq(studies.patientRef, patientRef), inArray(studies.id, studyIds)));
    if (found.length !== studyIds.length) throw new AppError('not_found:study');
  }
  const [row] = await tx
    .insert(consentVersions)
    .values({
      consentId,
      version,
      status: 'active',
      scope: terms.scope,
      recipientKind: terms.recipientKind,
      recipientName: terms.recipientKind === 'named' ? (terms.recipientName ?? null) : null,
      recipientEmail: terms.recipientKind === 'named' ? (terms.recipientEmail ?? null) : null,
      purpose: terms.purpose,
      validFrom: terms.validFrom ?? new Date(),
      validUntil: terms.validUntil,
      method: terms.method,
      evidenceObjectKey: stored?.objectKey ?? null,
      evidenceContentType: stored?.contentType ?? null,
      evidenceSha256: stored?.sha256 ?? null,
      witnessName: terms.method === 'verbal_witnessed' ? (terms.witnessName ?? null) : null,
      note: terms.note ?? null,
      recordedBy: actor.userId,
    })
    .returning();
  if (!row) throw new Error('insert into consent_versions returned no row');
  if (studyIds.length > 0) await tx.insert(consentVersionStudies).values(studyIds.map((studyId) => ({ consentVersionId: row.id, studyId })));
  return row;
}

const auditTerms = (v: ConsentVersion) => ({
  version: v.version,
  scope: v.scope,
  // The recipient's name and address stay in the version's own row (versionId), never in the audit trail.
  versionId: v.id,
  recipientKind: v.recipientKind,
  purpose: v.purpose,
  validFrom: v.validFrom.toISOString(),
  validUntil: v.validUntil.toISOString(),
  method: v.method,
});

export type RecordedConsent = { consentId: string; versionId: string; version: number };

/** A new consent for a patient of the actor's facility. */
export async function grantConsent(
  actor: StaffActor,
  patientRef: string,
  terms: ConsentTermsInput,
  evidence: EvidenceUpload | null,
  context: RequestContext,
): Promise<RecordedConsent> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'patient', id: patientRef }, context, () => grantConsentUnaudited(actor, patientRef, terms, evidence, context));
}

async function grantConsentUnaudited(
  actor: StaffActor,
  patientRef: string,
  terms: ConsentTermsInput,
  evidence: EvidenceUpload | null,
  context: RequestContext,
): Promise<RecordedConsent> {
  requireRecorder(actor);
  const [patient] = await db()
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.id, patientRef), eq(patients.facilityId, actor.facilityId)));
  if (!patient) throw new AppError('not_found:patient');

  return withEvidence(terms, evidence, (stored) =>
    db().transaction(async (tx) => {
      const [consent] = await tx.insert(consents).values({ facilityId: actor.facilityId, patientRef }).returning({ id: consents.id });
      if (!consent) throw new Error('insert into consents returned no row');
      const version = await insertVersion(tx, actor, consent.id, 1, terms, stored, patientRef);
      await recordAudit(tx, {
        type: 'CONSENT_GRANTED',
        actor: staffAuditActor(actor),
        context,
        subject: { type: 'consent', id: consent.id },
        patientRef,
        studyIds: terms.scope === 'selected_studies' ? terms.studyIds : [],
        details: auditTerms(version),
      });
      return { consentId: consent.id, versionId: version.id, version: version.version };
    }),
  );
}

/** The consent (of the actor's facility) and its latest version, under the consent's lock. */
async function lockedLatest(tx: DbOrTx, actor: StaffActor, consentId: string) {
  const [consent] = await tx
    .select()
    .from(consents)
    .where(and(eq(consents.id, consentId), eq(consents.facilityId, actor.facilityId)));
  if (!consent) throw new AppError('not_found:consent');
  await lockConsents(tx, [consent.id]);
  const [latest] = await tx
    .select()
    .from(consentVersions)
    .where(eq(consentVersions.consentId, consent.id))
    .orderBy(desc(consentVersions.version))
    .limit(1);
  if (!latest) throw new Error(`consent ${consent.id} has no version`);
  if (latest.status === 'withdrawn') {
    throw new AppError('conflict:consent_withdrawn', 'This consent was withdrawn. Record a new consent instead.');
  }
  return { consent, latest };
}

/** The links a consent covers that are still open (neither revoked nor expired). */
async function openLinksUnder(tx: DbOrTx, consentId: string): Promise<string[]> {
  const rows = await tx.select({ id: shareLinks.id, revokedAt: shareLinks.revokedAt, expiresAt: shareLinks.expiresAt }).from(shareLinks).where(eq(shareLinks.consentId, consentId));
  const now = Date.now();
  return rows.filter((l) => !l.revokedAt && l.expiresAt.getTime() > now).map((l) => l.id);
}

/** A change of terms: a new version. Links it no longer covers stop on their next request. */
export async function changeConsent(
  actor: StaffActor,
  consentId: string,
  terms: ConsentTermsInput,
  evidence: EvidenceUpload | null,
  context: RequestContext,
): Promise<RecordedConsent> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'consent', id: consentId }, context, () => changeConsentUnaudited(actor, consentId, terms, evidence, context));
}

async function changeConsentUnaudited(
  actor: StaffActor,
  consentId: string,
  terms: ConsentTermsInput,
  evidence: EvidenceUpload | null,
  context: RequestContext,
): Promise<RecordedConsent> {
  requireRecorder(actor);
  return withEvidence(terms, evidence, (stored) =>
    db().transaction(async (tx) => {
      const { consent, latest } = await lockedLatest(tx, actor, consentId);
      const version = await insertVersion(tx, actor, consent.id, latest.version + 1, terms, stored, consent.patientRef);
      await recordAudit(tx, {
        type: 'CONSENT_CHANGED',
        actor: staffAuditActor(actor),
        context,
        subject: { type: 'consent', id: consent.id },
        patientRef: consent.patientRef,
        studyIds: terms.scope === 'selected_studies' ? terms.studyIds : [],
        details: { ...auditTerms(version), previousVersion: latest.version },
      });
      return { consentId: consent.id, versionId: version.id, version: version.version };
    }),
  );
}

/**
 * Withdrawal, effective at once: a new version with status withdrawn (its terms and
 * evidence as before). Every link under the consent answers not-found from its next request.
 */
export async function withdrawConsent(
  actor: StaffActor,
  consentId: string,
  input: { note: string },
  context: RequestContext,
): Promise<RecordedConsent & { linksStopped: number }> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'consent', id: consentId }, context, () => withdrawConsentUnaudited(actor, consentId, input, context));
}

async function withdrawConsentUnaudited(
  actor: StaffActor,
  consentId: string,
  input: { note: string },
  context: RequestContext,
): Promise<RecordedConsent & { linksStopped: number }> {
  requireRecorder(actor);
  return db().transaction(async (tx) => {
    const { consent, latest } = await lockedLatest(tx, actor, consentId);
    // The terms and evidence as they were; only the status, the note and who recorded it change.
    const [version] = await tx
      .insert(consentVersions)
      .values({
        consentId: latest.consentId,
        version: latest.version + 1,
        status: 'withdrawn',
        scope: latest.scope,
        recipientKind: latest.recipientKind,
        recipientName: latest.recipientName,
        recipientEmail: latest.recipientEmail,
        purpose: latest.purpose,
        validFrom: latest.validFrom,
        validUntil: latest.validUntil,
        method: latest.method,
        evidenceObjectKey: latest.evidenceObjectKey,
        evidenceContentType: latest.evidenceContentType,
        evidenceSha256: latest.evidenceSha256,
        witnessName: latest.witnessName,
        note: input.note,
        recordedBy: actor.userId,
      })
      .returning();
    if (!version) throw new Error('insert into consent_versions returned no row');
    const coveredStudies = await tx
      .select({ studyId: consentVersionStudies.studyId })
      .from(consentVersionStudies)
      .where(eq(consentVersionStudies.consentVersionId, latest.id));
    if (coveredStudies.length > 0) {
      await tx.insert(consentVersionStudies).values(coveredStudies.map((s) => ({ consentVersionId: version.id, studyId: s.studyId })));
    }
    const stopped = await openLinksUnder(tx, consent.id);
    await recordAudit(tx, {
      type: 'CONSENT_WITHDRAWN',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'consent', id: consent.id },
      patientRef: consent.patientRef,
      studyIds: coveredStudies.map((s) => s.studyId),
      details: { version: version.version, previousVersion: latest.version, linksStopped: stopped },
    });
    return { consentId: consent.id, versionId: version.id, version: version.version, linksStopped: stopped.length };
  });
}
