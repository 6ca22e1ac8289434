// Refusals leave a trace: a request for a named resource that is answered 404
// (another facility's, or nothing's) writes one audit row with the actor, the id it
// asked for and why; a link session asking for another link is recorded as that link,
// naming the target; a failed sign-in ticket is recorded with its reason. Rows per
// actor and minute are capped, so refusals cannot be used to flood the trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, auditRefusalWindows, identities, loginTickets } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { getStudyForStaff } from '@/lib/studies/get-study-for-staff';
import { listPatientLinks } from '@/lib/shares/list-patient-links';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { extendShareLink, unlockShareLink } from '@/lib/shares/manage-share-link';
import { listPatientConsents } from '@/lib/consents/patient-consents';
import { withdrawConsent } from '@/lib/consents/record-consent';
import { consentEvidenceUrl } from '@/lib/consents/consent-evidence-url';
import { listPatientUploadLinks } from '@/lib/upload-links/list-patient-upload-links';
import { revokeUploadLink } from '@/lib/upload-links/revoke-upload-link';
import { createUploadLink } from '@/lib/upload-links/create-upload-link';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { setUserRoles } from '@/lib/users/set-user-roles';
import { setUserActive } from '@/lib/users/set-user-active';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { resolveUploadLinkActor } from '@/lib/upload-links/resolve-upload-link-actor';
import { issueLoginTicket, redeemLoginTicket } from '@/lib/auth/login-tickets';
import { env } from '@/lib/env';
import { sha256Hex } from '@/lib/shares/share-token';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { openLinkAsRecipient } from '../../support/open-link';
import { openUploadLinkAsUploader } from '../../support/upload-link';

const ctx = { clientIp: '198.51.100.77', userAgent: 'refusal-test' };

type Ids = { studyId: string; patientRef: string; shareLinkId: string; consentId: string; consentVersionId: string; uploadLinkId: string; userId: string };
let owner: StaffActor;
let ids: Ids;

before(async () => {
  const facility = await createFacility();
  owner = await createStaff(facility.id, ['front_desk', 'facility_admin', 'compliance']);
  const { studyId } = await ingestSmallStudy(owner);
  const consent = await grantTestConsent(owner, studyId);
  const { link } = await openLinkAsRecipient(owner, [studyId]);
  const uploadLink = await createUploadLink(owner, { patientRef: consent.patientRef, expiresInDays: 1, accessCheck: 'code' }, ctx);
  const colleague = await createStaff(facility.id, ['clinician']);
  ids = {
    studyId,
    patientRef: consent.patientRef,
    shareLinkId: link.shareLinkId,
    consentId: consent.consentId,
    consentVersionId: consent.versionId,
    uploadLinkId: uploadLink.uploadLinkId,
    userId: colleague.userId,
  };
});
after(closeDb);

const allRoles = ['facility_admin', 'front_desk', 'clinician', 'compliance'] as const;

/** Every staff request for one named resource, with the id it names. */
const requests: Array<{ name: string; type: string; id: (i: Ids) => string; run: (a: StaffActor, id: string) => Promise<unknown> }> = [
  { name: 'getStudyForStaff', type: 'study', id: (i) => i.studyId, run: (a, id) => getStudyForStaff(a, id, ctx) },
  { name: 'listPatientLinks', type: 'patient', id: (i) => i.patientRef, run: (a, id) => listPatientLinks(a, id, ctx) },
  { name: 'listPatientConsents', type: 'patient', id: (i) => i.patientRef, run: (a, id) => listPatientConsents(a, id, {}, ctx) },
  { name: 'listPatientUploadLinks', type: 'patient', id: (i) => i.patientRef, run: (a, id) => listPatientUploadLinks(a, id, ctx) },
  { name: 'revokeShareLink', type: 'share_link', id: (i) => i.shareLinkId, run: (a, id) => revokeShareLink(a, id, ctx) },
  { name: 'unlockShareLink', type: 'share_link', id: (i) => i.shareLinkId, run: (a, id) => unlockShareLink(a, id, ctx) },
  { name: 'extendShareLink', type: 'share_link', id: (i) => i.shareLinkId, run: (a, id) => extendShareLink(a, id, { expiresInDays: 2 }, ctx) },
  { name: 'linkAccessHistory', type: 'share_link', id: (i) => i.shareLinkId, run: (a, id) => linkAccessHistory(a, id, ctx) },
  { name: 'withdrawConsent', type: 'consent', id: (i) => i.consentId, run: (a, id) => withdrawConsent(a, id, { note: 'x' }, ctx) },
  { name: 'consentEvidenceUrl', type: 'consent_version', id: (i) => i.consentVersionId, run: (a, id) => consentEvidenceUrl(a, id, ctx) },
  { name: 'revokeUploadLink', type: 'upload_link', id: (i) => i.uploadLinkId, run: (a, id) => revokeUploadLink(a, id, ctx) },
  { name: 'setUserRoles', type: 'user', id: (i) => i.userId, run: (a, id) => setUserRoles(a, { userId: id, roles: ['front_desk'] }, ctx) },
  { name: 'setUserActive', type: 'user', id: (i) => i.userId, run: (a, id) => setUserActive(a, id, false, ctx) },
];

const notFound = (err: unknown) => err instanceof AppError && err.status === 404;

async function lastId(): Promise<number> {
  const [row] = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row?.id ?? 0;
}

async function rowsOfActorSince(actorId: string, sinceId: number) {
  return db().select().from(auditEvents).where(and(eq(auditEvents.actorId, actorId), gt(auditEvents.id, sinceId))).orderBy(auditEvents.id);
}

describe('[AUDIT] refused staff requests are recorded', () => {
  for (const request of requests) {
    test(`[AUDIT] ${request.name} for another facility's ${request.type}: 404, and one ACCESS_REFUSED row naming it`, async () => {
      const stranger = await createStaff((await createFacility()).id, [...allRoles]);
      const since = await lastId();
      const id = request.id(ids);
      await assert.rejects(request.run(stranger, id), notFound);
      const rows = await rowsOfActorSince(stranger.userId, since);
      assert.deepEqual(rows.map((r) => [r.type, r.outcome, r.reason, r.subjectType, r.subjectId]), [['ACCESS_REFUSED', 'failure', 'other_facility', request.type, id]]);
      const [row] = rows;
      assert.equal(row!.facilityId, stranger.facilityId);
      assert.equal(row!.details.resourceFacilityId, owner.facilityId);
      assert.equal(row!.clientIp, ctx.clientIp);
      assert.equal(row!.actorType, 'user');
    });
  }

  test('[AUDIT] an id that names nothing is recorded as not_found; a malformed one as malformed_id, without the text', async () => {
    const stranger = await createStaff((await createFacility()).id, [...allRoles]);
    const since = await lastId();
    const nothing = randomUUID();
    await assert.rejects(getStudyForStaff(stranger, nothing, ctx), notFound);
    await assert.rejects(getStudyForStaff(stranger, "=cmd|' /C calc'!A0", ctx), notFound);
    const rows = await rowsOfActorSince(stranger.userId, since);
    assert.deepEqual(rows.map((r) => [r.type, r.reason, r.subjectType, r.subjectId]), [
      ['ACCESS_REFUSED', 'not_found', 'study', nothing],
      ['ACCESS_REFUSED', 'malformed_id', null, null],
    ]);
    assert.ok(!JSON.stringify(rows[1]!.details).includes('calc'), 'the request text is not stored');
  });

  test('[AUDIT] the owner reading its own study records no refusal', async () => {
    const since = await lastId();
    await getStudyForStaff(owner, ids.studyId, ctx);
    const rows = await rowsOfActorSince(owner.userId, since);
    assert.deepEqual(rows.map((r) => r.type), ['STUDY_RECORD_VIEWED']);
  });
});

describe('[AUDIT] refusals are rate-limited per actor, in PostgreSQL', () => {
  test('[AUDIT] past the limit in one minute, one rate-limited row, then only the count grows; the answers stay 404', async () => {
    const limit = env().AUDIT_REFUSALS_PER_MINUTE;
    const attempts = limit + 15;
    const stranger = await createStaff((await createFacility()).id, [...allRoles]);
    // All in one minute of the database's clock.
    const [{ second }] = (await db().execute<{ second: number }>(sql`SELECT extract(second FROM clock_timestamp())::float8 AS second`)).rows as [{ second: number }];
    if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const since = await lastId();
    const results = await Promise.allSettled(Array.from({ length: attempts }, () => getStudyForStaff(stranger, ids.studyId, ctx)));
    assert.ok(results.every((r) => r.status === 'rejected' && notFound(r.reason)), 'every request answers 404');
    const rows = await rowsOfActorSince(stranger.userId, since);
    assert.equal(rows.length, limit + 1, `${limit} refusals and one rate-limited row, not ${attempts}`);
    assert.equal(rows.filter((r) => r.reason === 'refusals_rate_limited').length, 1);
    assert.equal(rows.filter((r) => r.reason === 'other_facility').length, limit);
    const limited = rows.find((r) => r.reason === 'refusals_rate_limited')!;
    assert.equal(limited.details.limitPerMinute, limit);
    const [window] = await db().select().from(auditRefusalWindows).where(eq(auditRefusalWindows.actorKey, `user:${stranger.userId}`));
    assert.equal(window!.refusals, attempts, 'every refusal is counted');
  });

  test('[AUDIT] another actor has its own allowance', async () => {
    const other = await createStaff((await createFacility()).id, [...allRoles]);
    const since = await lastId();
    await assert.rejects(getStudyForStaff(other, ids.studyId, ctx), notFound);
    assert.equal((await rowsOfActorSince(other.userId, since)).length, 1);
  });
});

describe('[AUDIT] link sessions asking for another link', () => {
  test("[AUDIT] a session of one link asking for another link's pages is recorded as that link, naming the target", async () => {
    const first = await openLinkAsRecipient(owner, [ids.studyId]);
    const since = await lastId();
    await assert.rejects(resolveLinkActor(first.sessionSecret, ids.shareLinkId, ctx), notFound);
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, ids.shareLinkId), gt(auditEvents.id, since)));
    assert.deepEqual(rows.map((r) => [r.type, r.actorType, r.actorId, r.reason, r.subjectType]), [
      ['SHARE_LINK_REJECTED', 'link', first.link.shareLinkId, 'session_of_other_link', 'share_link'],
    ]);
    assert.equal(rows[0]!.facilityId, owner.facilityId);
    assert.equal(rows[0]!.clientIp, ctx.clientIp);
  });

  test('[AUDIT] a forged session cookie is recorded as anonymous, naming the link it asked for, against its facility', async () => {
    const since = await lastId();
    await assert.rejects(resolveLinkActor('forged-session-secret', ids.shareLinkId, ctx), notFound);
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, ids.shareLinkId), gt(auditEvents.id, since)));
    assert.deepEqual(rows.map((r) => [r.type, r.actorType, r.reason, r.facilityId]), [['SHARE_LINK_REJECTED', 'anonymous', 'session_invalid', owner.facilityId]]);
  });
});

describe('[AUDIT] upload-link sessions asking for another upload link', () => {
  test("[AUDIT] a session of one upload link posting to another is recorded as that link, naming the target; a forged one as anonymous", async () => {
    const first = await openUploadLinkAsUploader(owner, ids.patientRef);
    const since = await lastId();
    await assert.rejects(resolveUploadLinkActor(first.sessionSecret, ids.uploadLinkId, ctx), notFound);
    await assert.rejects(resolveUploadLinkActor('forged-session-secret', ids.uploadLinkId, ctx), notFound);
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, ids.uploadLinkId), gt(auditEvents.id, since))).orderBy(auditEvents.id);
    assert.deepEqual(rows.map((r) => [r.type, r.actorType, r.actorId, r.reason, r.facilityId]), [
      ['UPLOAD_LINK_REJECTED', 'link', first.link.uploadLinkId, 'session_of_other_link', owner.facilityId],
      ['UPLOAD_LINK_REJECTED', 'anonymous', null, 'session_invalid', owner.facilityId],
    ]);
  });
});

describe('[AUDIT] failed sign-in tickets', () => {
  async function ticketRowsSince(since: number) {
    return db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'STAFF_SIGN_IN_FAILED'), eq(auditEvents.clientIp, ticketCtx.clientIp), gt(auditEvents.id, since)))
      .orderBy(auditEvents.id);
  }
  const ticketCtx = { clientIp: `198.51.100.${Math.floor(Math.random() * 200) + 1}`, userAgent: 'ticket-test' };

  test('[AUDIT] malformed, unknown, used and expired tickets each record STAFF_SIGN_IN_FAILED with the reason', async () => {
    const user = await createStaff(owner.facilityId, ['front_desk']);
    const [identity] = await db().insert(identities).values({ userId: user.userId, issuer: 'https://idp.test.invalid', subject: randomUUID() }).returning();
    const since = await lastId();
    const refused = { ok: false, reason: 'invalid' };
    assert.deepEqual(await redeemLoginTicket('not a ticket', null, ticketCtx), refused);
    assert.deepEqual(await redeemLoginTicket('A'.repeat(43), null, ticketCtx), refused);
    const binding = 'c'.repeat(64); // the starting browser's binding (lib/http/saml-state-cookie.ts)
    const ticket = await issueLoginTicket(user.userId, identity!.id, binding);
    const redeemed = await redeemLoginTicket(ticket, binding, ticketCtx);
    assert.equal(redeemed.ok && redeemed.user.userId, user.userId);
    assert.deepEqual(await redeemLoginTicket(ticket, binding, ticketCtx), refused);
    const late = 'B'.repeat(43);
    await db().insert(loginTickets).values({ ticketSha256: sha256Hex(late), userId: user.userId, identityId: identity!.id, browserBindingSha256: binding, expiresAt: new Date(Date.now() - 1000) });
    assert.deepEqual(await redeemLoginTicket(late, binding, ticketCtx), refused);
    const rows = await ticketRowsSince(since);
    assert.deepEqual(rows.map((r) => [r.reason, r.subjectId, r.facilityId]), [
      ['malformed_ticket', null, null],
      ['unknown_ticket', null, null],
      ['ticket_used', user.userId, owner.facilityId],
      ['ticket_expired', user.userId, owner.facilityId],
    ]);
    assert.ok(rows.every((r) => r.actorType === 'anonymous' && r.outcome === 'failure' && r.details.method === 'saml_ticket'));
  });
});
