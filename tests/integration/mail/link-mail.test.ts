// E-mail through a real SMTP server on loopback (tests/support/mail-sink.ts): the
// link e-mailed at creation (never with its code), the one-time code e-mailed at
// open time, and alerts at first open and download queued with the event and
// delivered from the outbox by the job worker — retried, not lost, when the mail server refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, emailOutbox, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { startWorker, type RunningWorker } from '@/lib/jobs/run-worker';
import { createShareLink } from '@/lib/shares/create-share-link';
import { sendOneTimeCode } from '@/lib/shares/one-time-code';
import { lookUpShareLink, verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { waitForMail } from '../../support/received-mail';

const ctx = { clientIp: '192.0.2.44', userAgent: 'node-test' };
const tokenOf = (url: string) => url.split('/s/')[1]!;
const unique = () => Math.random().toString(36).slice(2, 10);

let staff: StaffActor;
let staffEmail: string;
let studyId: string;
let worker: RunningWorker;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  [{ email: staffEmail }] = (await db().select({ email: users.email }).from(users).where(eq(users.id, staff.userId))) as [{ email: string }];
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, log: () => {} });
  ({ studyId } = await ingestSmallStudy(staff, { patient: { id: `M-${unique()}`, name: 'MAILER^ANA^MARIA', birthDate: '19700707', sex: 'F' } }));
});
after(async () => {
  await worker.stop();
  await closeDb();
});

describe('[MAIL] a link sent by e-mail', () => {
  test('arrives with the link, the initials and how to confirm, but never the code; the sending is audited', async () => {
    const to = `patient-${unique()}@example.org`;
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', deliveryEmail: to, noteToRecipient: 'See you Tuesday.' }, ctx);
    assert.equal(link.emailedTo, to);
    assert.equal(link.emailError, null);
    const mail = await waitForMail(to, /shared with you/);
    assert.ok(mail.text.includes(link.url));
    assert.ok(mail.text.includes('A.M.M.'), 'initials only');
    assert.ok(!mail.text.includes('MAILER') && !mail.text.includes('1970'), 'no name or birth date');
    assert.ok(!mail.text.includes(link.accessCode!), 'the code travels separately');
    assert.ok(mail.text.includes('See you Tuesday.'));
    const [sent] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_EMAILED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(sent!.outcome, 'success');
  });

  test('a refused address leaves the link created, tells staff plainly, and records the failure', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', deliveryEmail: `bounce-${unique()}@example.org` }, ctx);
    assert.match(link.emailError!, /could not be sent.*Copy or print it instead/);
    assert.ok((await lookUpShareLink(tokenOf(link.url), ctx)).accessCheckKind);
    const [failed] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_EMAILED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.deepEqual([failed!.outcome, failed!.reason], ['failure', 'smtp_error']);
  });
});

describe('[MAIL] the one-time code e-mailed at open time', () => {
  test('is sent on request, works once, and is rate limited', async () => {
    const to = `otp-${unique()}@example.org`;
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'email_otp', deliveryEmail: to }, ctx);
    const token = tokenOf(link.url);
    assert.equal(link.accessCode, null);
    assert.equal((await lookUpShareLink(token, ctx)).codeSentTo, `o***@example.org`);
    // No code sent yet: nothing can match.
    assert.equal((await verifyShareLinkAccess(token, '12345678', ctx)).ok, false);

    assert.deepEqual(await sendOneTimeCode(token, ctx), { sentTo: 'o***@example.org' });
    const mail = await waitForMail(to, /one-time code/);
    const code = /code is: (\d{8})/.exec(mail.text)![1]!;
    await assert.rejects(sendOneTimeCode(token, ctx), (e) => e instanceof AppError && e.status === 429);

    assert.equal((await verifyShareLinkAccess(token, code === '00000000' ? '11111111' : '00000000', ctx)).ok, false);
    const opened = await verifyShareLinkAccess(token, code, ctx);
    assert.ok(opened.ok);
    assert.equal((await verifyShareLinkAccess(token, code, ctx)).ok, false, 'a code works once');
    const sent = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'ONE_TIME_CODE_SENT'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(sent.length, 1);
    assert.ok(!JSON.stringify(sent).includes(code), 'the code is not in the trail');
  });

  test('needs an address to send it to', async () => {
    await assert.rejects(createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'email_otp' }, ctx));
  });
});

describe('[MAIL] alerts at first open and at download', () => {
  test('go to the issuer and to the patient who asked, once per first open and per download', async () => {
    const patientAddress = `alerts-${unique()}@example.org`;
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', alertEmail: patientAddress }, ctx);
    const first = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(first.ok);
    const second = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(second.ok);
    const holder = await resolveLinkActor(first.sessionSecret, link.shareLinkId, ctx);
    for await (const _chunk of (await exportStudyZip(holder, studyId, ctx)).stream) void _chunk;

    const queued = await db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, patientAddress));
    assert.deepEqual(queued.map((q) => q.kind).sort(), ['link_download', 'link_first_open']);
    const opened = await waitForMail(patientAddress, /was opened/);
    assert.match(opened.text, /Your imaging link .* was opened for the first time .* from 192\.0\.2\.44/);
    await waitForMail(patientAddress, /was downloaded/);
    const issuerMail = await waitForMail(staffEmail, /was opened/);
    assert.match(issuerMail.text, /The link you issued for patient A\.M\.M\./);
    assert.ok(!issuerMail.text.includes('MAILER'));
  });

  test('an alert the mail server refuses stays queued with its error and a later retry', async () => {
    const refusedAddress = `bounce-${unique()}@example.org`;
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', alertEmail: refusedAddress }, ctx);
    const before = Date.now();
    assert.ok((await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx)).ok);
    const where = and(eq(emailOutbox.kind, 'link_first_open'), eq(emailOutbox.toAddress, refusedAddress));
    let row = (await db().select().from(emailOutbox).where(where))[0]!;
    for (let i = 0; i < 100 && row.lastError === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = (await db().select().from(emailOutbox).where(where))[0]!;
    }
    assert.equal(row.sentAt, null);
    assert.ok(row.attempts >= 1);
    assert.match(row.lastError!, /mailbox unavailable|550/);
    assert.ok(row.nextAttemptAt.getTime() > before, 'a later retry is planned');
  });
});
