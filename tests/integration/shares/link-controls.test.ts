// The front desk's controls on a link: an open limit, view only, unlock, extend,
// and the list of every link of a patient with opens and downloads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, shareLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { createShareLink } from '@/lib/shares/create-share-link';
import { listPatientLinks } from '@/lib/shares/list-patient-links';
import { extendShareLink, unlockShareLink } from '@/lib/shares/manage-share-link';
import { lookUpShareLink, verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
const tokenOf = (url: string) => url.split('/s/')[1]!;
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;
const wrong = (code: string) => (code === '00000000' ? '11111111' : '00000000');

let staff: StaffActor;
let studyId: string;

before(async () => {
  staff = await createStaff((await createFacility({ maxLinkLifetimeDays: 30 })).id, ['front_desk']);
  ({ studyId } = await ingestSmallStudy(staff));
});
after(closeDb);

async function rejectionsOf(shareLinkId: string) {
  const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_REJECTED'), eq(auditEvents.subjectId, shareLinkId)));
  return rows.map((r) => r.reason);
}

describe('[SHARE] limits and permissions', () => {
  test('a link with at most one open refuses the second, while the first session keeps working', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', maxOpens: 1 }, ctx);
    const first = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
    assert.ok(first.ok);
    await assert.rejects(verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx), isNotFound);
    await assert.rejects(lookUpShareLink(tokenOf(link.url), ctx), isNotFound);
    const actor = await resolveLinkActor(first.sessionSecret, link.shareLinkId, ctx);
    assert.equal((await listSharedStudies(actor, ctx)).studies.length, 1);
    assert.deepEqual(await rejectionsOf(link.shareLinkId), ['max_opens_reached', 'max_opens_reached']);
    const [row] = await db().select().from(shareLinks).where(eq(shareLinks.id, link.shareLinkId));
    assert.equal(row!.openCount, 1);
    assert.ok(row!.firstOpenedAt);
  });

  test('a view-only link lists and shows the studies but refuses the download with a reason; downloads are counted', async () => {
    const viewOnly = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', allowDownload: false, noteToRecipient: 'Please bring these to your appointment.' }, ctx);
    const opened = await verifyShareLinkAccess(tokenOf(viewOnly.url), viewOnly.accessCode!, ctx);
    assert.ok(opened.ok);
    const actor = await resolveLinkActor(opened.sessionSecret, viewOnly.shareLinkId, ctx);
    const listed = await listSharedStudies(actor, ctx);
    assert.equal(listed.allowDownload, false);
    assert.equal(listed.noteToRecipient, 'Please bring these to your appointment.');
    await assert.rejects(exportStudyZip(actor, studyId, ctx), (e) => e instanceof AppError && e.status === 403 && /not download/.test(e.publicMessage));
    assert.deepEqual(await rejectionsOf(viewOnly.shareLinkId), ['download_not_allowed']);

    const full = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    const session = await verifyShareLinkAccess(tokenOf(full.url), full.accessCode!, ctx);
    assert.ok(session.ok);
    const holder = await resolveLinkActor(session.sessionSecret, full.shareLinkId, ctx);
    for await (const _chunk of (await exportStudyZip(holder, studyId, ctx)).stream) void _chunk;
    const [row] = await db().select().from(shareLinks).where(eq(shareLinks.id, full.shareLinkId));
    assert.equal(row!.downloadCount, 1);
  });
});

describe('[SHARE] unlock and extend', () => {
  test('a locked link is unlocked only by staff of its facility, then the access check works again', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    for (let i = 0; i < 5; i++) await verifyShareLinkAccess(tokenOf(link.url), wrong(link.accessCode!), ctx);
    await assert.rejects(verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx), isNotFound);
    const stranger = await createStaff((await createFacility()).id, ['front_desk', 'facility_admin']);
    await assert.rejects(unlockShareLink(stranger, link.shareLinkId, ctx), isNotFound);
    const clinician = await createStaff(staff.facilityId, ['clinician']);
    await assert.rejects(unlockShareLink(clinician, link.shareLinkId, ctx), (e) => e instanceof AppError && e.status === 403);
    await unlockShareLink(staff, link.shareLinkId, ctx);
    assert.ok((await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx)).ok);
    await assert.rejects(unlockShareLink(staff, link.shareLinkId, ctx), (e) => e instanceof AppError && e.code === 'conflict:not_locked');
    const [unlocked] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_UNLOCKED'), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(unlocked!.actorId, staff.userId);
  });

  test('extending stays within the facility maximum, only moves forward, and stays within the consent', async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx);
    await assert.rejects(extendShareLink(staff, link.shareLinkId, { expiresInDays: 31 }, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:expiry_too_long');
    await assert.rejects(extendShareLink(staff, link.shareLinkId, { expiresInDays: 2 }, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:not_later');
    const { expiresAt } = await extendShareLink(staff, link.shareLinkId, { expiresInDays: 20 }, ctx);
    assert.ok(expiresAt.getTime() > Date.now() + 19 * 86_400_000);

    await grantTestConsent(staff, studyId, { recipientKind: 'any_holder', validUntil: new Date(Date.now() + 10 * 86_400_000) });
    const shared = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 5, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'treatment' }, ctx);
    await assert.rejects(extendShareLink(staff, shared.shareLinkId, { expiresInDays: 20 }, ctx), (e) => e instanceof AppError && e.code === 'conflict:consent_required');
    await extendShareLink(staff, shared.shareLinkId, { expiresInDays: 9 }, ctx);

    const { links } = await listPatientLinks(staff, (await listedPatientRef())!, ctx);
    const listed = links.find((l) => l.id === link.shareLinkId)!;
    assert.equal(listed.state, 'active');
    assert.equal(listed.issuedBy?.endsWith('@test.invalid'), true);
    assert.ok(links.some((l) => l.state === 'max opens reached'));
    assert.ok(links.every((l) => !('tokenSha256' in l) && !('accessCheckHash' in l)), 'no hashes leave the data layer');
  });
});

async function listedPatientRef() {
  const [row] = await db().select({ patientRef: shareLinks.patientRef }).from(shareLinks).where(eq(shareLinks.facilityId, staff.facilityId)).limit(1);
  return row?.patientRef;
}
