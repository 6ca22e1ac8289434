import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDb } from '@/db/client';
import { createShareLink } from '@/lib/shares/create-share-link';
import { listInbox, openInboxLink } from '@/lib/shares/inbox';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { auditRowsFor } from '../../support/audit-rows';
import { createVerifiedClinician } from '../../support/verified-clinician';

const ctx = noRequestContext;
let frontDesk: StaffActor;
let specialist: StaffActor;
let specialistEmail: string;
let studyId: string;

before(async () => {
  frontDesk = await createStaff((await createFacility()).id, ['front_desk']);
  studyId = (await ingestSmallStudy(frontDesk)).studyId;
  // Another organisation, whose IdP's domain claim vouches for the specialist's address.
  ({ actor: specialist, email: specialistEmail } = await createVerifiedClinician());
  await grantTestConsent(frontDesk, studyId, { recipientKind: 'named', recipientName: 'Dr Specialist', recipientEmail: specialistEmail });
});
const named = { recipientKind: 'named', purpose: 'treatment' } as const;
after(closeDb);

describe('[INBOX] links addressed to a specialist', () => {
  test('appear in their inbox across facilities, newest first, and open into a link session without the access check', async () => {
    const older = await createShareLink(frontDesk, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', ...named, recipientEmail: specialistEmail.toUpperCase() }, ctx);
    const newer = await createShareLink(frontDesk, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', ...named, recipientEmail: specialistEmail }, ctx);
    await createShareLink(frontDesk, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, ctx); // not addressed
    const inbox = await listInbox(specialist, ctx);
    assert.deepEqual(inbox.map((i) => i.shareLinkId), [newer.shareLinkId, older.shareLinkId]);
    assert.equal(inbox[0]!.studies[0]!.patientName, 'TEST^PATIENT');
    const opened = await openInboxLink(specialist, newer.shareLinkId, ctx);
    const linkActor = await resolveLinkActor(opened.sessionSecret, newer.shareLinkId, ctx);
    assert.equal(linkActor.shareLinkId, newer.shareLinkId);
    const audit = await auditRowsFor({ subjectId: newer.shareLinkId });
    assert.deepEqual(audit.map((a) => [a.type, a.actorId]).at(-1), ['SHARE_LINK_OPENED', specialist.userId]);
  });

  test('another clinician sees none of them and cannot open them; revoked links leave the inbox', async () => {
    const link = await createShareLink(frontDesk, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', ...named, recipientEmail: specialistEmail }, ctx);
    const otherClinician = await createStaff(specialist.facilityId, ['clinician']);
    assert.equal((await listInbox(otherClinician, ctx)).length, 0);
    await assert.rejects(openInboxLink(otherClinician, link.shareLinkId, ctx), (e) => e instanceof AppError && e.status === 404);
    await revokeShareLink(frontDesk, link.shareLinkId, ctx);
    assert.ok(!(await listInbox(specialist, ctx)).some((i) => i.shareLinkId === link.shareLinkId));
    await assert.rejects(openInboxLink(specialist, link.shareLinkId, ctx), (e) => e instanceof AppError && e.status === 404);
  });

  test('the inbox is for clinicians', async () => {
    await assert.rejects(listInbox(frontDesk, ctx), (e) => e instanceof AppError && e.status === 403);
  });
});
