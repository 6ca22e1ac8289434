import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { shareLinks } from '@/db/schema';
import { createShareLink } from '@/lib/shares/create-share-link';
import { lookUpShareLink, verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { sha256Hex } from '@/lib/shares/share-token';
import { noRequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { auditRowsFor } from '../../support/audit-rows';
import type { StaffActor } from '@/lib/auth/actors';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
const tokenOf = (url: string) => url.split('/s/')[1]!;
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;

let staff: StaffActor;
let studyId: string;
let facilityName: string;

before(async () => {
  const facility = await createFacility({ maxLinkLifetimeDays: 14 });
  facilityName = facility.name;
  staff = await createStaff(facility.id, ['front_desk']);
  ({ studyId } = await ingestSmallStudy(staff));
});
after(closeDb);

describe('[SHARE] issuing a link', () => {
  test('stores only the SHA-256 of the token and records SHARE_LINK_CREATED', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'birth_date' }, ctx);
    const token = tokenOf(link.url);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(shareLinks).where(eq(shareLinks.id, link.shareLinkId));
    assert.equal(row!.tokenSha256, sha256Hex(token));
    assert.ok(!JSON.stringify(row).includes(token), 'the token itself is stored nowhere in the row');
    assert.ok(!row!.accessCheckHash.includes('1975'), 'the birth date is stored hashed');
    const audit = await auditRowsFor({ subjectId: link.shareLinkId });
    assert.deepEqual(audit.map((a) => a.type), ['SHARE_LINK_CREATED']);
    assert.equal(audit[0]!.actorId, staff.userId);
  });

  test('an expiry beyond the facility maximum is refused with a clear message', async () => {
    await assert.rejects(
      createShareLink(staff, { studyIds: [studyId], expiresInDays: 15, accessCheck: 'code' }, ctx),
      (err) => err instanceof AppError && err.code === 'unprocessable:expiry_too_long' && /at most 14 days/.test(err.publicMessage),
    );
  });

  test("another facility's staff cannot share the study: not found", async () => {
    const other = await createFacility();
    const stranger = await createStaff(other.id, ['front_desk', 'facility_admin']);
    await assert.rejects(createShareLink(stranger, { studyIds: [studyId], expiresInDays: 1, accessCheck: 'code' }, ctx), isNotFound);
  });

  test('staff without a sharing role are refused', async () => {
    const clinician = await createStaff(staff.facilityId, ['clinician']);
    await assert.rejects(
      createShareLink(clinician, { studyIds: [studyId], expiresInDays: 1, accessCheck: 'code' }, ctx),
      (err) => err instanceof AppError && err.status === 403,
    );
  });
});

describe('[SHARE] opening a link', () => {
  test('the right date of birth opens a session bound to the link and records SHARE_LINK_OPENED', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'birth_date' }, ctx);
    assert.deepEqual(await lookUpShareLink(tokenOf(link.url), ctx), {
      accessCheckKind: 'birth_date',
      codeSentTo: null,
      // Who shared it: a facility with no contact details set is named by its registered name.
      facility: { name: facilityName, phone: null, address: null, helpText: null },
    });
    const result = await verifyShareLinkAccess(tokenOf(link.url), '1975-01-02', ctx);
    assert.ok(result.ok);
    const actor = await resolveLinkActor(result.sessionSecret, link.shareLinkId, ctx);
    assert.equal(actor.shareLinkId, link.shareLinkId);
    const types = (await auditRowsFor({ subjectId: link.shareLinkId })).map((a) => a.type);
    assert.deepEqual(types, ['SHARE_LINK_CREATED', 'SHARE_LINK_OPENED']);
  });

  test('a tampered token answers not found and records SHARE_LINK_REJECTED (unknown_token)', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, ctx);
    const token = tokenOf(link.url);
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const before = (await auditRowsFor({ sinceId: 0, facilityId: staff.facilityId })).length;
    await assert.rejects(lookUpShareLink(tampered, ctx), isNotFound);
    await assert.rejects(verifyShareLinkAccess(tampered, link.accessCode!, ctx), isNotFound);
    // Unknown tokens have no facility: find the anonymous rows by time order instead.
    const rows = await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.reason, 'unknown_token'), orderBy: (a, { desc }) => desc(a.id), limit: 2 });
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.type === 'SHARE_LINK_REJECTED' && r.actorType === 'anonymous'));
    assert.equal((await auditRowsFor({ sinceId: 0, facilityId: staff.facilityId })).length, before);
  });

  test('five wrong codes lock the link; the right code is then refused and the lock is in the database', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, ctx);
    const token = tokenOf(link.url);
    const wrong = link.accessCode === '00000000' ? '11111111' : '00000000';
    for (let i = 4; i >= 0; i--) {
      const r = await verifyShareLinkAccess(token, wrong, ctx);
      assert.deepEqual(r, { ok: false, attemptsLeft: i });
    }
    await assert.rejects(verifyShareLinkAccess(token, link.accessCode!, ctx), isNotFound);
    await assert.rejects(lookUpShareLink(token, ctx), isNotFound);
    const [row] = await db().select().from(shareLinks).where(eq(shareLinks.id, link.shareLinkId));
    assert.ok(row!.lockedAt, 'locked_at is set');
    assert.equal(row!.failedAttempts, 5);
    const audit = await auditRowsFor({ subjectId: link.shareLinkId });
    assert.equal(audit.filter((a) => a.type === 'ACCESS_CHECK_FAILED').length, 5);
    assert.equal(audit.filter((a) => a.type === 'SHARE_LINK_LOCKED').length, 1);
    assert.deepEqual(audit.filter((a) => a.type === 'SHARE_LINK_REJECTED').map((a) => a.reason), ['locked', 'locked']);
  });

  test('an expired link answers not found and records the reason "expired"', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 1, accessCheck: 'code' }, ctx);
    await db().update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, link.shareLinkId));
    await assert.rejects(lookUpShareLink(tokenOf(link.url), ctx), isNotFound);
    const audit = await auditRowsFor({ subjectId: link.shareLinkId });
    assert.equal(audit.at(-1)!.reason, 'expired');
  });

  test('revoking a link ends its open sessions on the next request', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    const opened = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(opened.ok);
    await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx);
    await revokeShareLink(staff, link.shareLinkId, ctx);
    await assert.rejects(resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx), isNotFound);
    await assert.rejects(lookUpShareLink(tokenOf(link.url), ctx), isNotFound);
    const audit = await auditRowsFor({ subjectId: link.shareLinkId });
    assert.ok(audit.some((a) => a.type === 'SHARE_LINK_REVOKED'));
    assert.equal(audit.at(-1)!.reason, 'revoked');
  });

  test("one link's session cannot be used for another link", async () => {
    const a = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    const b = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    const opened = await verifyShareLinkAccess(tokenOf(a.url), a.accessCode!, ctx);
    assert.ok(opened.ok);
    await assert.rejects(resolveLinkActor(opened.sessionSecret, b.shareLinkId, ctx), isNotFound);
    await assert.rejects(resolveLinkActor('forged-secret', a.shareLinkId, ctx), isNotFound);
    await assert.rejects(resolveLinkActor(undefined, a.shareLinkId, noRequestContext), isNotFound);
  });
});
