// "Handed to": kept with the link as the clerk typed it (trimmed), listed with the
// patient's links, empty when left empty, and refused past its length. And an
// extend sent with no length chosen is refused, never read as some default.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { shareLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { createShareLink } from '@/lib/shares/create-share-link';
import { listPatientLinks } from '@/lib/shares/list-patient-links';
import { extendShareLinkInput } from '@/lib/shares/manage-share-link';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { patientRefOfStudy } from '../../support/patient-share-links';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
let staff: StaffActor;
let studyId: string;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  ({ studyId } = await ingestSmallStudy(staff));
});
after(closeDb);

test('[SHARE] the handed-to label is stored trimmed and listed with the patient’s links; none stays none', async () => {
  const labelled = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', handedTo: '  patient at desk 2 ' }, ctx);
  const plain = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', handedTo: '   ' }, ctx);
  const [row] = await db().select({ handedTo: shareLinks.handedTo }).from(shareLinks).where(eq(shareLinks.id, labelled.shareLinkId));
  assert.equal(row?.handedTo, 'patient at desk 2');
  const { links } = await listPatientLinks(staff, await patientRefOfStudy(studyId), ctx);
  assert.equal(links.find((l) => l.id === labelled.shareLinkId)?.handedTo, 'patient at desk 2');
  assert.equal(links.find((l) => l.id === plain.shareLinkId)?.handedTo, null);
});

test('[SHARE] a handed-to label over 120 characters is refused and makes no link', async () => {
  const before = await db().select({ id: shareLinks.id }).from(shareLinks).where(eq(shareLinks.createdBy, staff.userId));
  await assert.rejects(createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', handedTo: 'x'.repeat(121) }, ctx), /120 characters/);
  const afterRows = await db().select({ id: shareLinks.id }).from(shareLinks).where(eq(shareLinks.createdBy, staff.userId));
  assert.equal(afterRows.length, before.length);
});

test('[SHARE] an extend with no length chosen is refused in words', () => {
  for (const sent of ['', null, '0']) {
    const parsed = extendShareLinkInput.safeParse({ expiresInDays: sent });
    assert.equal(parsed.success, false);
    assert.equal(parsed.error?.issues[0]?.message, 'Choose the new expiry');
  }
});
