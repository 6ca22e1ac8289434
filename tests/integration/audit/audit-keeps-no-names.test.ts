// Audit rows can never be erased, so they must hold references, not people: after a
// full journey (ingest, consent, a named link e-mailed to a specialist and opened with
// its e-mailed code, the viewer's manifest, a download, the inbox, the patient's own
// link e-mailed and forwarded, a delivery that bounces, compliance searching the log
// by the patient's names, MRN and a user's e-mail, and exporting it) no audit_events
// row, read as text whole (every column, details included), contains the patient's
// name (either component), the MRN, the consent recipient's name or any e-mail
// address used. What compliance typed is still answerable: the keyed hash of the
// term and the ids it matched are on the search's record.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, studies, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { exportAuditLog } from '@/lib/audit/export/export-audit-log';
import { searchAuditLog } from '@/lib/audit/search-audit-log';
import { searchTermHash } from '@/lib/audit/search-term-hash';
import { startWorker, type RunningWorker } from '@/lib/jobs/run-worker';
import { createShareLink } from '@/lib/shares/create-share-link';
import { forwardShareLink } from '@/lib/shares/forward-share-link';
import { listInbox, openInboxLink } from '@/lib/shares/inbox';
import { sendOneTimeCode } from '@/lib/shares/one-time-code';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { studyManifestJson } from '@/lib/studies/study-manifest';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { waitForMail } from '../../support/received-mail';
import { createVerifiedClinician } from '../../support/verified-clinician';

const ctx = { clientIp: '198.51.100.21', userAgent: 'audit-minimal-test' };
const run = randomUUID().slice(0, 8).toUpperCase();
const tokenOf = (url: string) => url.split('/s/')[1]!;
// Unique words, so a hit can only come from this journey.
const family = `QUILLFEATHER${run}`;
const given = `ROSALIND${run}`;
const mrn = `MRN-${run}`;
const consentRecipientName = `Dr Wendeline ${run}`;

let desk: StaffActor;
let compliance: StaffActor;
let deskEmail: string;
let worker: RunningWorker;

before(async () => {
  const facility = await createFacility();
  desk = await createStaff(facility.id, ['front_desk']);
  compliance = await createStaff(facility.id, ['compliance']);
  [{ email: deskEmail }] = (await db().select({ email: users.email }).from(users).where(eq(users.id, desk.userId))) as [{ email: string }];
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, log: () => {} });
});
after(async () => {
  await worker.stop();
  await closeDb();
});

async function drain(body: AsyncIterable<unknown>) {
  for await (const chunk of body) void chunk;
}

describe('[AUDIT] the audit trail keeps references, never names or addresses', () => {
  test('after a full journey no audit row holds the patient’s name, the MRN or an e-mail address; searches keep a keyed hash', async () => {
    const [{ start }] = (await db().select({ start: sql<number>`coalesce(max(${auditEvents.id}), 0)::bigint` }).from(auditEvents)) as [{ start: number }];

    // Ingest, and the consent for the specialist (named, with their name and address).
    const { studyId } = await ingestSmallStudy(desk, { patient: { id: mrn, name: `${family}^${given}`, birthDate: '19610203', sex: 'F' } });
    const [{ patientRef }] = (await db().select({ patientRef: studies.patientRef }).from(studies).where(eq(studies.id, studyId))) as [{ patientRef: string }];
    const { actor: specialist, email: specialistEmail } = await createVerifiedClinician();
    const { email: secondOpinionEmail } = await createVerifiedClinician();
    await grantTestConsent(desk, studyId, { recipientKind: 'named', recipientName: consentRecipientName, recipientEmail: specialistEmail, purpose: 'treatment' });
    await grantTestConsent(desk, studyId, { recipientKind: 'named', recipientName: consentRecipientName, recipientEmail: secondOpinionEmail, purpose: 'second_opinion' });

    // A named link e-mailed to the specialist, opened with the code e-mailed at open time.
    const named = await createShareLink(
      desk,
      { studyIds: [studyId], expiresInDays: 7, recipientKind: 'named', recipientEmail: specialistEmail, purpose: 'treatment', accessCheck: 'email_otp', deliveryEmail: specialistEmail, allowDownload: true },
      ctx,
    );
    assert.equal(named.emailedTo, specialistEmail);
    const since = Date.now();
    await sendOneTimeCode(tokenOf(named.url), ctx);
    const codeMail = await waitForMail(specialistEmail, /one-time code/, { since });
    const code = /code is: (\d{8})/.exec(codeMail.text)![1]!;
    const opened = await verifyShareLinkAccess(tokenOf(named.url), code, ctx);
    assert.ok(opened.ok, 'the e-mailed code opens the link');
    const specialistSession = await resolveLinkActor(opened.sessionSecret, named.shareLinkId, ctx);
    assert.equal((JSON.parse(await studyManifestJson(specialistSession, studyId, ctx)) as { studies: unknown[] }).studies.length, 1, 'the viewer’s manifest');
    await drain((await exportStudyZip(specialistSession, studyId, ctx)).stream);
    assert.ok((await listInbox(specialist, ctx)).some((i) => i.shareLinkId === named.shareLinkId));
    await openInboxLink(specialist, named.shareLinkId, ctx);

    // The patient's own link, e-mailed to them, opened, and forwarded for a second opinion.
    const patientEmail = `patient.${run.toLowerCase()}@example.org`;
    const own = await createShareLink(desk, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', deliveryEmail: patientEmail, allowForward: true }, ctx);
    const ownOpened = await verifyShareLinkAccess(tokenOf(own.url), own.accessCode!, ctx);
    assert.ok(ownOpened.ok);
    const patientSession = await resolveLinkActor(ownOpened.sessionSecret, own.shareLinkId, ctx);
    await studyManifestJson(patientSession, studyId, ctx);
    await forwardShareLink(patientSession, { studyIds: [studyId], recipientEmail: secondOpinionEmail, purpose: 'second_opinion', expiresInDays: 3 }, ctx);

    // A delivery the mail server refuses: its answer may quote the address.
    const bounceEmail = `bounce-${run.toLowerCase()}@example.org`;
    const bounced = await createShareLink(desk, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', deliveryEmail: bounceEmail }, ctx);
    assert.ok(bounced.emailError, 'the bounce is reported to staff');

    // Compliance searches by each name component, the DICOM form, the MRN and a user's e-mail, then exports.
    const searches = [given.toLowerCase(), family, `${family}^${given}`, mrn, deskEmail];
    for (const patient of searches.slice(0, 4)) {
      const page = await searchAuditLog(compliance, { patient }, {}, ctx);
      assert.ok(page.rows.length > 0 && page.rows.every((r) => r.patient?.ref === patientRef), `the search for ${patient} finds the patient’s events`);
    }
    assert.ok((await searchAuditLog(compliance, { user: deskEmail.toUpperCase() }, {}, ctx)).rows.length > 0);
    const csv = await exportAuditLog(compliance, { patient: mrn }, 'csv', ctx);
    await drain(csv.body);
    const fhir = await exportAuditLog(compliance, { patient: `${family} ${given}` }, 'fhir', ctx);
    await drain(fhir.body);
    assert.ok(csv.rows > 0 && fhir.rows === csv.rows, 'both exports carry the patient’s events');

    // Every row written since the start, whole, as text.
    const written = await db().execute<{ id: string; type: string; row: string }>(sql`select e.id, e.type, e::text as row from audit_events e where e.id > ${start} order by e.id`);
    const types = new Set(written.rows.map((r) => r.type));
    for (const t of ['INSTANCE_INGESTED', 'CONSENT_GRANTED', 'SHARE_LINK_CREATED', 'SHARE_LINK_EMAILED', 'ONE_TIME_CODE_SENT', 'SHARE_LINK_OPENED', 'STUDY_VIEWED', 'STUDY_DOWNLOADED', 'SHARE_LINK_FORWARDED', 'AUDIT_LOG_VIEWED', 'AUDIT_LOG_EXPORTED']) {
      assert.ok(types.has(t), `the journey wrote ${t}`);
    }
    const secrets = { family, given, mrn, consentRecipientName, specialistEmail, secondOpinionEmail, patientEmail, bounceEmail, deskEmail };
    const leaks = written.rows.flatMap((r) =>
      Object.entries(secrets)
        .filter(([, v]) => r.row.toLowerCase().includes(v.toLowerCase()))
        .map(([k]) => `${r.type} #${r.id} holds ${k}`),
    );
    assert.deepEqual(leaks, []);

    // "Who searched for Rosalind?": hash the term; the record also names the patient it matched.
    const searched = await db()
      .select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.type, ['AUDIT_LOG_VIEWED', 'AUDIT_LOG_EXPORTED']), eq(auditEvents.actorId, compliance.userId), gt(auditEvents.id, start)))
      .orderBy(asc(auditEvents.id));
    const byHash = searched.filter((e) => (e.details.filters as Record<string, string>).patient === searchTermHash(given));
    assert.equal(byHash.length, 1, 'the search for the given name is found by its hash, whatever its case');
    assert.deepEqual(byHash[0]!.details.matchedPatientRefs, [patientRef]);
    const fullName = searched.filter((e) => (e.details.filters as Record<string, string>).patient === searchTermHash(`${family} ${given}`));
    assert.deepEqual(fullName.map((e) => e.type), ['AUDIT_LOG_VIEWED', 'AUDIT_LOG_EXPORTED'], 'the DICOM form searched and the spaced form exported hash alike');
    assert.equal(searched.filter((e) => (e.details.filters as Record<string, string>).user === searchTermHash(deskEmail)).length, 1, 'the search by e-mail, in any case');
    assert.deepEqual(searched.find((e) => (e.details.filters as Record<string, string>).user)!.details.matchedUserIds, [desk.userId]);
  });
});
