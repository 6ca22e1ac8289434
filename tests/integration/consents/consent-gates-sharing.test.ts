// Consent gates every share with anyone but the patient: checked as the link is
// created, and again on every request of the link, so a withdrawal stops it at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { closeDb, db } from '@/db/client';
import { auditEvents, consentVersions, shareLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { listPatientConsents } from '@/lib/consents/patient-consents';
import { changeConsent, grantConsent, withdrawConsent } from '@/lib/consents/record-consent';
import { AppError } from '@/lib/errors';
import { createShareLink, type CreateShareLinkInput } from '@/lib/shares/create-share-link';
import type { ConsentTermsInput } from '@/lib/consents/consent-input';
import { lookUpShareLink, verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { listKeys } from '../../support/s3-objects';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
const tokenOf = (url: string) => url.split('/s/')[1]!;
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;
const isConsentRequired = (err: unknown) => err instanceof AppError && err.code === 'conflict:consent_required' && err.status === 409;
const day = 86_400_000;

let staff: StaffActor;
let studyId: string;
let otherStudyId: string;

before(async () => {
  const facility = await createFacility({ maxLinkLifetimeDays: 30 });
  staff = await createStaff(facility.id, ['front_desk']);
  // Two studies of one patient.
  const patient = { id: `P-${randomUUID().slice(0, 8)}`, name: 'CONSENT^PATIENT', birthDate: '19800303', sex: 'M' as const };
  ({ studyId } = await ingestSmallStudy(staff, { patient }));
  ({ studyId: otherStudyId } = await ingestSmallStudy(staff, { patient, studyDescription: 'SECOND STUDY' }));
});
after(closeDb);

async function eventsOf(type: string, patientRef: string) {
  return db().select().from(auditEvents).where(and(eq(auditEvents.type, type), eq(auditEvents.patientRef, patientRef)));
}

const toSpecialist = (email: string, extra: Partial<CreateShareLinkInput> = {}): CreateShareLinkInput => ({
  studyIds: [studyId],
  expiresInDays: 7,
  accessCheck: 'code',
  recipientKind: 'named',
  recipientEmail: email,
  purpose: 'treatment',
  ...extra,
});

describe('[CONSENT] a share with anyone but the patient needs a covering consent', () => {
  test('with no consent on file: 409 with a readable reason, nothing created, the refusal audited', async () => {
    const facility = await createFacility();
    const desk = await createStaff(facility.id, ['front_desk']);
    const { studyId: sid } = await ingestSmallStudy(desk);
    await assert.rejects(
      createShareLink(desk, { studyIds: [sid], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'treatment' }, ctx),
      (err) => isConsentRequired(err) && /no consent on file/i.test((err as AppError).publicMessage),
    );
    assert.equal((await db().select().from(shareLinks).where(eq(shareLinks.facilityId, facility.id))).length, 0);
    const refused = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_CREATE_REFUSED'), eq(auditEvents.facilityId, facility.id)));
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.outcome, 'failure');
    assert.equal(refused[0]!.reason, 'no_covering_consent');
    assert.deepEqual(refused[0]!.studyIds, [sid]);
  });

  test("the patient's own link needs none and is recorded as a patient request", async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, ctx);
    assert.equal(link.consentId, null);
    const [row] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_CREATED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(row!.purposeOfUse, 'PATRQT');
    assert.equal(row!.action, 'C');
    assert.equal(row!.actorRole, 'front_desk');
    assert.equal((row!.details as { recipientKind: string }).recipientKind, 'patient');
  });

  test('a named consent covers that recipient (or their domain) for its purpose, studies and dates only', async () => {
    const { patientRef } = await grantTestConsent(staff, studyId, {
      recipientKind: 'named',
      recipientName: 'Dr Jones',
      recipientEmail: 'jones@cardio.example',
      scope: 'selected_studies',
      studyIds: [studyId],
      validUntil: new Date(Date.now() + 20 * day),
    });
    const ok = await createShareLink(staff, toSpecialist('Jones@Cardio.example'), ctx);
    assert.ok(ok.consentId);
    await assert.rejects(createShareLink(staff, toSpecialist('smith@cardio.example'), ctx), (e) => isConsentRequired(e) && /different recipient/.test((e as AppError).publicMessage));
    await assert.rejects(createShareLink(staff, toSpecialist('jones@cardio.example', { purpose: 'research' }), ctx), (e) => isConsentRequired(e) && /different purpose/.test((e as AppError).publicMessage));
    await assert.rejects(createShareLink(staff, toSpecialist('jones@cardio.example', { studyIds: [otherStudyId] }), ctx), (e) => isConsentRequired(e) && /does not include these studies/.test((e as AppError).publicMessage));
    await assert.rejects(createShareLink(staff, toSpecialist('jones@cardio.example', { expiresInDays: 30 }), ctx), (e) => isConsentRequired(e) && /ends before this link/.test((e as AppError).publicMessage));
    await assert.rejects(createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'treatment' }, ctx), isConsentRequired);

    await grantTestConsent(staff, studyId, { recipientKind: 'named', recipientName: 'Heart Centre', recipientEmail: '@heart.example', scope: 'all_studies' });
    const domain = await createShareLink(staff, toSpecialist('anyone@heart.example', { studyIds: [otherStudyId] }), ctx);
    assert.ok(domain.consentId);
    assert.equal((await eventsOf('SHARE_LINK_CREATE_REFUSED', patientRef)).length, 5);
  });
});

describe('[CONSENT] withdrawal takes effect on the next request', () => {
  test('every route of a covered link answers not found, a new link is refused, and both are audited', async () => {
    const facility = await createFacility();
    const desk = await createStaff(facility.id, ['front_desk']);
    const { studyId: sid } = await ingestSmallStudy(desk);
    const consent = await grantTestConsent(desk, sid, { recipientKind: 'any_holder', purpose: 'second_opinion' });
    const link = await createShareLink(desk, { studyIds: [sid], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'second_opinion' }, ctx);
    assert.equal(link.consentId, consent.consentId);
    const opened = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(opened.ok);
    const actor = await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx);
    assert.equal(actor.purpose, 'second_opinion');

    const withdrawn = await withdrawConsent(desk, consent.consentId, { note: 'phoned the front desk' }, ctx);
    assert.equal(withdrawn.linksStopped, 1);
    assert.equal(withdrawn.version, 2);

    await assert.rejects(resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx), isNotFound);
    await assert.rejects(lookUpShareLink(tokenOf(link.url), ctx), isNotFound);
    await assert.rejects(verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx), isNotFound);
    await assert.rejects(
      createShareLink(desk, { studyIds: [sid], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'second_opinion' }, ctx),
      (e) => isConsentRequired(e) && /withdrew/.test((e as AppError).publicMessage),
    );

    const rejected = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_REJECTED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.deepEqual(rejected.map((r) => r.reason), ['consent_withdrawn', 'consent_withdrawn', 'consent_withdrawn']);
    assert.ok(rejected.every((r) => r.patientRef === consent.patientRef && r.actorRole === 'link_holder' && r.purposeOfUse === 'TREAT'));
    const [withdrawal] = await eventsOf('CONSENT_WITHDRAWN', consent.patientRef);
    assert.deepEqual((withdrawal!.details as { linksStopped: string[] }).linksStopped, [link.shareLinkId]);
    assert.equal(withdrawal!.action, 'U');
    assert.equal((await eventsOf('SHARE_LINK_CREATE_REFUSED', consent.patientRef)).length, 1);
    // Withdrawn is final: no change or second withdrawal on top of it.
    await assert.rejects(withdrawConsent(desk, consent.consentId, { note: 'again' }, ctx), (e) => e instanceof AppError && e.code === 'conflict:consent_withdrawn');
  });

  test('a change that narrows the consent stops the links it no longer covers', async () => {
    const facility = await createFacility();
    const desk = await createStaff(facility.id, ['front_desk']);
    const { studyId: sid } = await ingestSmallStudy(desk);
    const consent = await grantTestConsent(desk, sid, { recipientKind: 'any_holder' });
    const link = await createShareLink(desk, { studyIds: [sid], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'treatment' }, ctx);
    const opened = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(opened.ok);
    await changeConsent(
      desk,
      consent.consentId,
      { scope: 'all_studies', studyIds: [], recipientKind: 'named', recipientName: 'Dr Only', recipientEmail: 'only@example.org', purpose: 'treatment', validUntil: new Date(Date.now() + 60 * day), method: 'verbal_witnessed', witnessName: 'W' },
      null,
      ctx,
    );
    await assert.rejects(resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx), isNotFound);
    const [rejected] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_REJECTED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(rejected!.reason, 'consent_no_longer_covers');
  });
});

describe('[CONSENT] versions are kept, and the past can be asked', () => {
  test('a change is a new version; what was in force at an earlier moment is answered from the old one', async () => {
    const facility = await createFacility();
    const desk = await createStaff(facility.id, ['front_desk']);
    const compliance = await createStaff(facility.id, ['compliance']);
    const { studyId: sid } = await ingestSmallStudy(desk);
    const consent = await grantTestConsent(desk, sid, { recipientKind: 'any_holder', purpose: 'research' });
    await new Promise((r) => setTimeout(r, 20));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await changeConsent(desk, consent.consentId, { scope: 'all_studies', studyIds: [], recipientKind: 'any_holder', purpose: 'treatment', validUntil: new Date(Date.now() + 10 * day), method: 'verbal_witnessed', witnessName: 'W2' }, null, ctx);
    await withdrawConsent(desk, consent.consentId, { note: 'letter' }, ctx);

    const then = await listPatientConsents(compliance, consent.patientRef, { at: between }, ctx);
    assert.equal(then.consents[0]!.inForce?.version, 1);
    assert.equal(then.consents[0]!.inForce?.purpose, 'research');
    const now = await listPatientConsents(compliance, consent.patientRef, {}, ctx);
    assert.equal(now.consents[0]!.inForce, null);
    assert.equal(now.consents[0]!.status, 'withdrawn');
    assert.deepEqual(now.consents[0]!.versions.map((v) => [v.version, v.status, v.purpose]), [[3, 'withdrawn', 'treatment'], [2, 'active', 'treatment'], [1, 'active', 'research']]);
    assert.equal((await eventsOf('CONSENTS_LISTED', consent.patientRef)).length, 2);
    assert.deepEqual((await eventsOf('CONSENT_CHANGED', consent.patientRef)).map((e) => e.action), ['U']);

    // Staff of another facility, and roles that do not record consents, are kept out.
    const stranger = await createStaff((await createFacility()).id, ['front_desk', 'compliance']);
    await assert.rejects(listPatientConsents(stranger, consent.patientRef, {}, ctx), isNotFound);
    await assert.rejects(withdrawConsent(stranger, consent.consentId, { note: 'x' }, ctx), (e) => e instanceof AppError && e.status === 404);
    await assert.rejects(grantConsent(compliance, consent.patientRef, { scope: 'all_studies', studyIds: [], recipientKind: 'any_holder', purpose: 'treatment', validUntil: new Date(Date.now() + day), method: 'verbal_witnessed', witnessName: 'W' }, null, ctx), (e) => e instanceof AppError && e.status === 403);
  });

  test("the portal's role cannot change or delete a consent version", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const [v] = await db().select({ id: consentVersions.id }).from(consentVersions).limit(1);
      await assert.rejects(client.query(`UPDATE consent_versions SET status = 'active' WHERE id = $1`, [v!.id]), /permission denied|append-only/);
      await assert.rejects(client.query(`DELETE FROM consent_versions WHERE id = $1`, [v!.id]), /permission denied|append-only/);
      await assert.rejects(client.query(`TRUNCATE consents CASCADE`), /permission denied|append-only/);
    } finally {
      await client.end();
    }
  });
});

describe('[CONSENT] evidence', () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n% signed consent form\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
  const terms: ConsentTermsInput = { scope: 'all_studies', studyIds: [], recipientKind: 'any_holder', purpose: 'treatment', validUntil: new Date(Date.now() + day), method: 'signed_form' };

  test('a signed form is stored in S3 under an opaque key, with its SHA-256', async () => {
    const { patientRef } = await grantTestConsent(staff, studyId);
    const recorded = await grantConsent(staff, patientRef, terms, { bytes: pdf }, ctx);
    const [v] = await db().select().from(consentVersions).where(eq(consentVersions.id, recorded.versionId));
    assert.match(v!.evidenceObjectKey!, /^consent-evidence\/[0-9a-f-]{36}$/);
    assert.equal(v!.evidenceContentType, 'application/pdf');
    assert.ok((await listKeys('consent-evidence/')).has(v!.evidenceObjectKey!));
  });

  test('a file that is not a PDF or image, or missing evidence, is refused and nothing is kept', async () => {
    const { patientRef } = await grantTestConsent(staff, studyId);
    const before = (await listKeys('consent-evidence/')).size;
    await assert.rejects(grantConsent(staff, patientRef, terms, { bytes: new Uint8Array(Buffer.from('MZ not a form')) }, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:evidence_type');
    await assert.rejects(grantConsent(staff, patientRef, terms, null, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:evidence_missing');
    // The evidence is stored, then the database refuses (a foreign study): the object is removed again.
    const foreign = (await ingestSmallStudy(await createStaff((await createFacility()).id))).studyId;
    await assert.rejects(grantConsent(staff, patientRef, { ...terms, scope: 'selected_studies', studyIds: [foreign] }, { bytes: pdf }, ctx), isNotFound);
    assert.equal((await listKeys('consent-evidence/')).size, before);
  });
});
