// The patient forwards their studies to a specialist: a child link that never
// outlives its parent, only for the parent's studies, only under a covering consent,
// and it stops when the parent is revoked. The specialist finds it in their inbox
// and can mark a study reviewed; the patient sees the child's use in their history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, shareLinks } from '@/db/schema';
import type { LinkActor, StaffActor } from '@/lib/auth/actors';
import { linkAccessHistoryForPatient } from '@/lib/audit/link-access-history';
import { AppError } from '@/lib/errors';
import { createShareLink } from '@/lib/shares/create-share-link';
import { forwardShareLink } from '@/lib/shares/forward-share-link';
import { listInbox, markInboxStudyReviewed } from '@/lib/shares/inbox';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { createVerifiedClinician } from '../../support/verified-clinician';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
const tokenOf = (url: string) => url.split('/s/')[1]!;
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;

let staff: StaffActor;
let specialist: StaffActor;
let specialistEmail: string;
let studyId: string;
let otherStudyId: string;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  ({ studyId } = await ingestSmallStudy(staff));
  ({ studyId: otherStudyId } = await ingestSmallStudy(staff));
  ({ actor: specialist, email: specialistEmail } = await createVerifiedClinician());
});
after(closeDb);

async function patientHolding(options: { allowForward: boolean; expiresInDays?: number }): Promise<{ actor: LinkActor; shareLinkId: string }> {
  const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: options.expiresInDays ?? 7, accessCheck: 'code', allowForward: options.allowForward }, ctx);
  const opened = await verifyShareLinkAccess(tokenOf(link.url), link.accessCode!, ctx);
  if (!opened.ok) throw new Error('could not open');
  return { actor: await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx), shareLinkId: link.shareLinkId };
}

const toSpecialist = (days = 3) => ({ studyIds: [studyId], recipientEmail: specialistEmail, purpose: 'second_opinion' as const, expiresInDays: days });

describe('[FORWARD] a patient forwards a study to a specialist', () => {
  test('without a covering consent it is refused (409) and the refusal is recorded against the patient’s link', async () => {
    const { actor, shareLinkId } = await patientHolding({ allowForward: true });
    await assert.rejects(forwardShareLink(actor, toSpecialist(), ctx), (e) => e instanceof AppError && e.code === 'conflict:consent_required');
    const refused = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_CREATE_REFUSED'), eq(auditEvents.actorId, shareLinkId)));
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.actorRole, 'patient');
    assert.equal((await db().select().from(shareLinks).where(eq(shareLinks.parentLinkId, shareLinkId))).length, 0);
  });

  test('a child may not outlive its parent, share other studies, or come from a link that does not allow forwarding', async () => {
    await grantTestConsent(staff, studyId, { recipientKind: 'named', recipientName: 'Dr Specialist', recipientEmail: specialistEmail, purpose: 'second_opinion' });
    const { actor } = await patientHolding({ allowForward: true, expiresInDays: 3 });
    await assert.rejects(forwardShareLink(actor, toSpecialist(5), ctx), (e) => e instanceof AppError && e.code === 'unprocessable:outlives_parent');
    await assert.rejects(forwardShareLink(actor, { ...toSpecialist(2), studyIds: [otherStudyId] }, ctx), isNotFound);
    const { actor: noForward } = await patientHolding({ allowForward: false });
    await assert.rejects(forwardShareLink(noForward, toSpecialist(), ctx), (e) => e instanceof AppError && e.status === 403);
  });

  test('the child opens with its own code, reaches the specialist’s inbox, and stops when the parent is revoked', async () => {
    const { actor, shareLinkId: parentId } = await patientHolding({ allowForward: true });
    const child = await forwardShareLink(actor, toSpecialist(), ctx);
    const opened = await verifyShareLinkAccess(tokenOf(child.url), child.accessCode, ctx);
    assert.ok(opened.ok);
    const childActor = await resolveLinkActor(opened.sessionSecret, child.shareLinkId, ctx);
    assert.deepEqual([childActor.recipientKind, childActor.allowForward], ['named', false]);

    const inbox = await listInbox(specialist, ctx);
    const item = inbox.find((i) => i.shareLinkId === child.shareLinkId)!;
    assert.ok(item);
    await markInboxStudyReviewed(specialist, child.shareLinkId, studyId, ctx);
    await markInboxStudyReviewed(specialist, child.shareLinkId, studyId, ctx); // once is enough
    const again = (await listInbox(specialist, ctx)).find((i) => i.shareLinkId === child.shareLinkId)!;
    assert.ok(again.studies[0]!.reviewedAt);
    const reviewed = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'INBOX_STUDY_REVIEWED'), eq(auditEvents.actorId, specialist.userId)));
    assert.equal(reviewed.length, 1);

    const history = await linkAccessHistoryForPatient(actor, ctx);
    assert.ok(history.some((e) => e.type === 'SHARE_LINK_FORWARDED'));
    assert.ok(history.filter((e) => e.type === 'SHARE_LINK_OPENED').length >= 2, 'the child’s opening is in the patient’s history');

    await revokeShareLink(staff, parentId, ctx);
    await assert.rejects(resolveLinkActor(opened.sessionSecret, child.shareLinkId, ctx), isNotFound);
    const [rejected] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_REJECTED'), eq(auditEvents.subjectId, child.shareLinkId)));
    assert.equal(rejected!.reason, 'parent_link_ended');
    assert.ok(!(await listInbox(specialist, ctx)).some((i) => i.shareLinkId === child.shareLinkId));
  });
});
