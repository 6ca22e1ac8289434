// Every flow of the core path writes exactly the events it should, with who (and
// in which role), what (the FHIR action), to whom (patient, studies), why (purpose
// of use) and the outcome: read back from the table, in order, nothing more.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, gt } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { startStaffSession } from '@/lib/auth/staff-sessions';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { createShareLink } from '@/lib/shares/create-share-link';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { getStudyForStaff } from '@/lib/studies/get-study-for-staff';
import { listFacilityStudies } from '@/lib/studies/list-facility-studies';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { buildStudyManifest } from '@/lib/studies/study-manifest';
import { AppError } from '@/lib/errors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestBytes, ingestSmallStudy } from '../../support/generated-study';

const ctx = { clientIp: '203.0.113.7', userAgent: 'core-flow-test' };
let staff: StaffActor;
let firstSeq: number;

before(async () => {
  firstSeq = ((await readAuditChainHead(process.env.DATABASE_URL!))?.seq ?? 0) + 1;
  staff = await createStaff((await createFacility()).id, ['front_desk']);
});
after(closeDb);

/** The facility's events after `sinceId`, as comparable tuples. */
async function eventsSince(sinceId: number) {
  const rows = await db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.facilityId, staff.facilityId), gt(auditEvents.id, sinceId)))
    .orderBy(asc(auditEvents.id));
  return rows;
}
const lastId = async () => (await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)?.id ?? 0;
const tuple = (e: typeof auditEvents.$inferSelect) => [e.type, e.action, e.outcome, e.reason, e.actorType, e.actorRole, e.purposeOfUse];

describe('[AUDIT] the core path writes exactly the expected events', () => {
  test('sign-in, upload, listing, issuing, opening, viewing, downloading, history, revoking, refusal', async () => {
    const start = await lastId();

    await startStaffSession({ id: staff.userId, facilityId: staff.facilityId }, 'demo', ctx);
    const { studyId } = await ingestSmallStudy(staff);
    const rejected = await ingestBytes(staff, 'notes.txt', new TextEncoder().encode('not a DICOM file at all, just words'));
    assert.equal(rejected.status, 'rejected');
    await listFacilityStudies(staff, {}, ctx);
    await getStudyForStaff(staff, studyId, ctx);
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 2, accessCheck: 'code' }, ctx);
    const token = link.url.split('/s/')[1]!;
    const wrong = await verifyShareLinkAccess(token, link.accessCode === '00000000' ? '11111111' : '00000000', ctx);
    assert.equal(wrong.ok, false);
    const opened = await verifyShareLinkAccess(token, link.accessCode!, ctx);
    assert.ok(opened.ok);
    const actor = await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx);
    await listSharedStudies(actor, ctx);
    await buildStudyManifest(actor, studyId, ctx);
    const zip = await exportStudyZip(actor, studyId, ctx);
    for await (const _chunk of zip.stream) void _chunk; // drain
    await linkAccessHistory(staff, link.shareLinkId, ctx);
    await revokeShareLink(staff, link.shareLinkId, ctx);
    await assert.rejects(resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx), (e) => e instanceof AppError && e.status === 404);

    const events = await eventsSince(start);
    const [study] = await db().select().from(studies).where(eq(studies.id, studyId));
    const patientRef = study!.patientRef;
    const desk = ['user', 'front_desk'] as const;
    const patient = ['link', 'patient'] as const;
    assert.deepEqual(events.map(tuple), [
      ['STAFF_SIGNED_IN', 'E', 'success', null, ...desk, 'HOPERAT'],
      ['INSTANCE_INGESTED', 'C', 'success', null, ...desk, 'HOPERAT'],
      ['INSTANCE_INGESTED', 'C', 'success', null, ...desk, 'HOPERAT'],
      ['INSTANCE_INGESTED', 'C', 'success', null, ...desk, 'HOPERAT'],
      ['INSTANCE_REJECTED', 'C', 'failure', 'not_dicom', ...desk, 'HOPERAT'],
      ['STUDIES_LISTED', 'R', 'success', null, ...desk, 'HOPERAT'],
      ['STUDY_RECORD_VIEWED', 'R', 'success', null, ...desk, 'HOPERAT'],
      ['SHARE_LINK_CREATED', 'C', 'success', null, ...desk, 'PATRQT'],
      ['ACCESS_CHECK_FAILED', 'E', 'failure', null, ...patient, 'PATRQT'],
      ['SHARE_LINK_OPENED', 'E', 'success', null, ...patient, 'PATRQT'],
      ['SHARED_STUDIES_LISTED', 'R', 'success', null, ...patient, 'PATRQT'],
      ['STUDY_VIEWED', 'R', 'success', null, ...patient, 'PATRQT'],
      ['STUDY_DOWNLOADED', 'R', 'success', null, ...patient, 'PATRQT'],
      ['AUDIT_LOG_VIEWED', 'R', 'success', null, ...desk, 'HCOMPL'],
      ['SHARE_LINK_REVOKED', 'U', 'success', null, ...desk, 'HOPERAT'],
      ['SHARE_LINK_REJECTED', 'E', 'failure', 'revoked', ...patient, 'PATRQT'],
    ]);

    // Who: the user, or the link (never its token); where from; about whom.
    for (const e of events) {
      if (!e.type.startsWith('INSTANCE_')) assert.deepEqual([e.clientIp, e.userAgent], [ctx.clientIp, ctx.userAgent], e.type); // the ingest helper has no request
      assert.equal(e.actorId, e.actorType === 'user' ? staff.userId : link.shareLinkId);
      assert.ok(!JSON.stringify(e).includes(token), 'no token in the trail');
      assert.ok(!JSON.stringify(e).includes(link.accessCode!), 'no access code in the trail');
    }
    const about = (type: string) => events.filter((e) => e.type === type);
    for (const type of ['INSTANCE_INGESTED', 'STUDY_RECORD_VIEWED', 'SHARE_LINK_CREATED', 'SHARED_STUDIES_LISTED', 'STUDY_VIEWED', 'STUDY_DOWNLOADED']) {
      for (const e of about(type)) assert.deepEqual([e.patientRef, e.studyIds], [patientRef, [studyId]], type);
    }
    for (const type of ['ACCESS_CHECK_FAILED', 'SHARE_LINK_OPENED', 'AUDIT_LOG_VIEWED', 'SHARE_LINK_REVOKED', 'SHARE_LINK_REJECTED']) {
      for (const e of about(type)) assert.equal(e.patientRef, patientRef, type);
    }
    assert.deepEqual(about('STUDIES_LISTED')[0]!.studyIds, [studyId]);

    const chain = await verifyAuditChain(process.env.DATABASE_URL!, { fromSeq: firstSeq });
    assert.ok(chain.ok, chain.ok ? '' : chain.problem.message);
  });
});
