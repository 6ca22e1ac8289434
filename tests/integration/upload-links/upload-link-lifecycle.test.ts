// Upload links from issue to refusal: the token and the answer stored only as
// hashes, the access check with its Postgres lockout, the session bound to one
// link, and the upload route answering 404 (with the reason in the audit log)
// for an expired, revoked or foreign link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { closeDb, db } from '@/db/client';
import { quarantineFiles, uploadLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { sha256Hex } from '@/lib/shares/share-token';
import { createUploadLink } from '@/lib/upload-links/create-upload-link';
import { lookUpUploadLink, verifyUploadLinkAccess } from '@/lib/upload-links/open-upload-link';
import { resolveUploadLinkActor } from '@/lib/upload-links/resolve-upload-link-actor';
import { revokeUploadLink } from '@/lib/upload-links/revoke-upload-link';
import { POST as postUploadedFile } from '@/app/api/upload-links/[uploadLinkId]/files/route';
import { auditRowsFor } from '../../support/audit-rows';
import { ingestSmallStudy, smallStudyFiles } from '../../support/generated-study';
import { listKeys } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';
import { openUploadLinkAsUploader, patientRefOfStudy, uploaderContext as ctx, uploadTokenOf } from '../../support/upload-link';

const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;

let staff: StaffActor;
let patientRef: string;

before(async () => {
  const facility = await createFacility({ maxLinkLifetimeDays: 14 });
  staff = await createStaff(facility.id, ['front_desk']);
  patientRef = await patientRefOfStudy((await ingestSmallStudy(staff)).studyId); // born 1975-01-02
});
after(closeDb);

/** Posts one file to the upload route as the browser does: raw body, the session cookie, our origin. */
async function postFile(uploadLinkId: string, sessionSecret: string | undefined, bytes: Uint8Array) {
  const request = new NextRequest(`${env().PUBLIC_ORIGIN}/api/upload-links/${uploadLinkId}/files`, {
    method: 'POST',
    body: Buffer.from(bytes),
    headers: { origin: env().PUBLIC_ORIGIN, 'content-type': 'application/octet-stream', ...(sessionSecret && { cookie: `scanshare-upload=${sessionSecret}` }), 'user-agent': 'route-test' },
  });
  const response = await postUploadedFile(request, { params: Promise.resolve({ uploadLinkId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('[UPLOAD] issuing an upload link', () => {
  test('stores only the SHA-256 of the token and the hash of the birth date, and records UPLOAD_LINK_CREATED', async () => {
    const link = await createUploadLink(staff, { patientRef, expiresInDays: 7, accessCheck: 'birth_date', note: 'Please send the CT from March' }, ctx);
    const token = uploadTokenOf(link.url);
    assert.match(link.url, /\/u\/[A-Za-z0-9_-]{43}$/);
    assert.equal(link.accessCode, null);
    const [row] = await db().select().from(uploadLinks).where(eq(uploadLinks.id, link.uploadLinkId));
    assert.equal(row!.tokenSha256, sha256Hex(token));
    assert.ok(!JSON.stringify(row).includes(token), 'the token itself is stored nowhere in the row');
    assert.ok(!row!.accessCheckHash.includes('1975'), 'the birth date is stored hashed');
    assert.equal(row!.noteToUploader, 'Please send the CT from March');
    const audit = await auditRowsFor({ subjectId: link.uploadLinkId });
    assert.deepEqual(audit.map((a) => [a.type, a.action, a.actorId, a.patientRef]), [['UPLOAD_LINK_CREATED', 'C', staff.userId, patientRef]]);
    assert.equal(audit[0]!.details.note, 'yes', 'the note is recorded as present, never its words');
  });

  test('a generated code is returned once and stored hashed', async () => {
    const link = await createUploadLink(staff, { patientRef, expiresInDays: 1, accessCheck: 'code' }, ctx);
    assert.match(link.accessCode!, /^\d{8}$/);
    const [row] = await db().select().from(uploadLinks).where(eq(uploadLinks.id, link.uploadLinkId));
    assert.ok(!row!.accessCheckHash.includes(link.accessCode!));
  });

  test('an expiry beyond the facility maximum is refused with a clear message', async () => {
    await assert.rejects(
      createUploadLink(staff, { patientRef, expiresInDays: 15, accessCheck: 'code' }, ctx),
      (err) => err instanceof AppError && err.code === 'unprocessable:expiry_too_long' && /at most 14 days/.test(err.publicMessage),
    );
  });

  test("another facility's staff cannot ask for this patient's images: not found", async () => {
    const stranger = await createStaff((await createFacility()).id, ['front_desk', 'facility_admin']);
    await assert.rejects(createUploadLink(stranger, { patientRef, expiresInDays: 1, accessCheck: 'code' }, ctx), isNotFound);
    await assert.rejects(createUploadLink(staff, { patientRef: '00000000-0000-4000-8000-000000000000', expiresInDays: 1, accessCheck: 'code' }, ctx), isNotFound);
  });

  test('staff without a front-desk or admin role are refused', async () => {
    const clinician = await createStaff(staff.facilityId, ['clinician']);
    await assert.rejects(createUploadLink(clinician, { patientRef, expiresInDays: 1, accessCheck: 'code' }, ctx), (err) => err instanceof AppError && err.status === 403);
  });
});

describe('[UPLOAD] opening an upload link', () => {
  test('a wrong date of birth is counted, the right one opens a session bound to the link', async () => {
    const link = await createUploadLink(staff, { patientRef, expiresInDays: 7, accessCheck: 'birth_date' }, ctx);
    const token = uploadTokenOf(link.url);
    assert.equal((await lookUpUploadLink(token, ctx)).accessCheckKind, 'birth_date');
    assert.deepEqual(await verifyUploadLinkAccess(token, '1975-02-01', ctx), { ok: false, attemptsLeft: 4 });
    const opened = await verifyUploadLinkAccess(token, '1975-01-02', ctx);
    assert.ok(opened.ok);
    assert.equal(opened.uploadLinkId, link.uploadLinkId);
    const actor = await resolveUploadLinkActor(opened.sessionSecret, link.uploadLinkId, ctx);
    assert.deepEqual([actor.kind, actor.uploadLinkId, actor.patientRef, actor.facilityId], ['upload_link', link.uploadLinkId, patientRef, staff.facilityId]);
    const [row] = await db().select().from(uploadLinks).where(eq(uploadLinks.id, link.uploadLinkId));
    assert.equal(row!.failedAttempts, 0, 'a passed check clears earlier failures');
    const audit = await auditRowsFor({ subjectId: link.uploadLinkId });
    assert.deepEqual(
      audit.map((a) => [a.type, a.outcome, a.actorType, a.actorRole]),
      [
        ['UPLOAD_LINK_CREATED', 'success', 'user', 'front_desk'],
        ['ACCESS_CHECK_FAILED', 'failure', 'link', 'outside_uploader'],
        ['UPLOAD_LINK_OPENED', 'success', 'link', 'outside_uploader'],
      ],
    );
  });

  test('five wrong codes lock the link in the database; the right code and the page then answer not found', async () => {
    const link = await createUploadLink(staff, { patientRef, expiresInDays: 7, accessCheck: 'code' }, ctx);
    const token = uploadTokenOf(link.url);
    const wrong = link.accessCode === '00000000' ? '11111111' : '00000000';
    for (let left = 4; left >= 0; left--) assert.deepEqual(await verifyUploadLinkAccess(token, wrong, ctx), { ok: false, attemptsLeft: left });
    await assert.rejects(verifyUploadLinkAccess(token, link.accessCode!, ctx), isNotFound);
    await assert.rejects(lookUpUploadLink(token, ctx), isNotFound);
    const [row] = await db().select().from(uploadLinks).where(eq(uploadLinks.id, link.uploadLinkId));
    assert.ok(row!.lockedAt);
    assert.equal(row!.failedAttempts, 5);
    const audit = await auditRowsFor({ subjectId: link.uploadLinkId });
    assert.deepEqual(audit.map((a) => a.type), [
      'UPLOAD_LINK_CREATED',
      ...Array<string>(4).fill('ACCESS_CHECK_FAILED'),
      'ACCESS_CHECK_FAILED',
      'UPLOAD_LINK_LOCKED',
      'UPLOAD_LINK_REJECTED',
      'UPLOAD_LINK_REJECTED',
    ]);
    assert.deepEqual(audit.filter((a) => a.type === 'UPLOAD_LINK_REJECTED').map((a) => a.reason), ['locked', 'locked']);
  });

  test('a tampered token answers not found and is recorded as unknown_token', async () => {
    const link = await createUploadLink(staff, { patientRef, expiresInDays: 7, accessCheck: 'code' }, ctx);
    const token = uploadTokenOf(link.url);
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    await assert.rejects(lookUpUploadLink(tampered, ctx), isNotFound);
    const [last] = await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.type, 'UPLOAD_LINK_REJECTED'), orderBy: (a, { desc }) => desc(a.id), limit: 1 });
    assert.deepEqual([last!.reason, last!.actorType], ['unknown_token', 'anonymous']);
  });
});

describe('[UPLOAD] the upload route re-checks the session on every file', () => {
  test('a file posted with a valid session is received (201)', async () => {
    const { link, sessionSecret } = await openUploadLinkAsUploader(staff, patientRef);
    const [file] = await smallStudyFiles();
    const res = await postFile(link.uploadLinkId, sessionSecret, file!.bytes);
    assert.equal(res.status, 201);
    assert.equal(res.body.status, 'received');
  });

  test('an upload after expiry is refused with 404 and recorded as UPLOAD_LINK_REJECTED (expired); nothing is kept', async () => {
    const { link, sessionSecret } = await openUploadLinkAsUploader(staff, patientRef);
    await db().update(uploadLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(uploadLinks.id, link.uploadLinkId));
    const keysBefore = await listKeys('quarantine/');
    const [file] = await smallStudyFiles();
    const res = await postFile(link.uploadLinkId, sessionSecret, file!.bytes);
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { error: { code: 'not_found:upload_link', message: 'Not found.' } });
    const last = (await auditRowsFor({ subjectId: link.uploadLinkId })).at(-1)!;
    assert.deepEqual([last.type, last.outcome, last.reason, last.clientIp, last.userAgent], ['UPLOAD_LINK_REJECTED', 'failure', 'expired', null, 'route-test']);
    assert.deepEqual(await listKeys('quarantine/'), keysBefore);
    assert.equal((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, link.uploadLinkId))).length, 0);
  });

  test('a revoked link is refused with 404 from the next file on, and the revocation is recorded', async () => {
    const { link, sessionSecret } = await openUploadLinkAsUploader(staff, patientRef);
    await revokeUploadLink(staff, link.uploadLinkId, ctx);
    const [file] = await smallStudyFiles();
    assert.equal((await postFile(link.uploadLinkId, sessionSecret, file!.bytes)).status, 404);
    const audit = await auditRowsFor({ subjectId: link.uploadLinkId });
    assert.deepEqual(audit.slice(-2).map((a) => [a.type, a.reason]), [['UPLOAD_LINK_REVOKED', null], ['UPLOAD_LINK_REJECTED', 'revoked']]);
  });

  test("no session, a forged one, or another link's session: 404 each time, the presented sessions recorded", async () => {
    const a = await openUploadLinkAsUploader(staff, patientRef);
    const b = await openUploadLinkAsUploader(staff, patientRef);
    const [file] = await smallStudyFiles();
    const invalidSessions = async () =>
      (await db().query.auditEvents.findMany({ where: (e, { and, eq }) => and(eq(e.type, 'UPLOAD_LINK_REJECTED'), eq(e.reason, 'session_invalid')) })).length;
    const before = await invalidSessions();
    assert.equal((await postFile(a.link.uploadLinkId, undefined, file!.bytes)).status, 404);
    assert.equal((await postFile('not-a-uuid', a.sessionSecret, file!.bytes)).status, 404);
    assert.equal((await postFile(a.link.uploadLinkId, 'forged-secret', file!.bytes)).status, 404);
    assert.equal((await postFile(b.link.uploadLinkId, a.sessionSecret, file!.bytes)).status, 404);
    // A cookie that names no session of this link tells us nothing about its facility: recorded as anonymous.
    assert.equal(await invalidSessions(), before + 2);
    assert.equal((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, b.link.uploadLinkId))).length, 0);
  });

  test('a file posted from another site is refused even with a session', async () => {
    const { link, sessionSecret } = await openUploadLinkAsUploader(staff, patientRef);
    const request = new NextRequest(`${env().PUBLIC_ORIGIN}/api/upload-links/${link.uploadLinkId}/files`, {
      method: 'POST',
      body: Buffer.from('DICM'),
      headers: { origin: 'https://evil.example', cookie: `scanshare-upload=${sessionSecret}` },
    });
    const response = await postUploadedFile(request, { params: Promise.resolve({ uploadLinkId: link.uploadLinkId }) });
    assert.equal(response.status, 403);
  });
});
