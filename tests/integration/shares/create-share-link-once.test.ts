// One link per staff form: the form's key makes repeated sends, one after another
// or all at once, give the first link's outcome (never its token again) instead of
// more links; a refused send consumes nothing; the key is the issuer's alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, shareLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { createShareLink, type CreateShareLinkInput } from '@/lib/shares/create-share-link';
import { createShareLinkOnce } from '@/lib/shares/create-share-link-once';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
let desk: StaffActor;
let colleague: StaffActor;
let studyId: string;

before(async () => {
  const facility = await createFacility();
  desk = await createStaff(facility.id, ['front_desk']);
  colleague = await createStaff(facility.id, ['front_desk']);
  ({ studyId } = await ingestSmallStudy(desk));
});
after(closeDb);

const forPatient = (): CreateShareLinkInput => ({ studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' });
const rowsWithKey = (formKey: string) => db().select().from(shareLinks).where(eq(shareLinks.formKey, formKey));
const createdEvents = (shareLinkId: string) =>
  db().select().from(auditEvents).where(and(eq(auditEvents.type, 'SHARE_LINK_CREATED'), eq(auditEvents.subjectId, shareLinkId)));

describe('[SHARE] one link per form', () => {
  test('sent again, the form gets the link it made, without its address or code, and no second link', async () => {
    const formKey = randomUUID();
    const first = await createShareLinkOnce(desk, formKey, forPatient(), ctx);
    assert.equal(first.kind, 'created');
    assert.ok(first.kind === 'created' && first.link.url.includes('/s/') && first.link.accessCode);
    const again = await createShareLinkOnce(desk, formKey, forPatient(), ctx);
    assert.equal(again.kind, 'repeated');
    assert.equal(again.link.shareLinkId, first.link.shareLinkId);
    assert.equal(again.link.recipientKind, 'patient');
    assert.ok(!('url' in again.link) && !('accessCode' in again.link), 'a repeat never carries the token or the code');
    assert.equal((await rowsWithKey(formKey)).length, 1);
    assert.equal((await createdEvents(first.link.shareLinkId)).length, 1);
  });

  test('sent six times at once, it makes one link and the other five get that link', async () => {
    const formKey = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => createShareLinkOnce(desk, formKey, forPatient(), ctx)));
    assert.equal(outcomes.filter((o) => o.kind === 'created').length, 1);
    assert.equal(outcomes.filter((o) => o.kind === 'repeated').length, 5);
    assert.equal(new Set(outcomes.map((o) => o.link.shareLinkId)).size, 1);
    assert.equal((await rowsWithKey(formKey)).length, 1);
  });

  test('a refused send consumes nothing: the same form creates the link once the consent is on file', async () => {
    const formKey = randomUUID();
    const toSpecialist: CreateShareLinkInput = { ...forPatient(), recipientKind: 'named', recipientEmail: 'dr.once@clinic.test', purpose: 'second_opinion' };
    await assert.rejects(createShareLinkOnce(desk, formKey, toSpecialist, ctx), (err) => err instanceof AppError && err.code === 'conflict:consent_required');
    assert.equal((await rowsWithKey(formKey)).length, 0);
    await grantTestConsent(desk, studyId, { recipientKind: 'named', recipientName: 'Dr Once', recipientEmail: 'dr.once@clinic.test', purpose: 'second_opinion' });
    const outcome = await createShareLinkOnce(desk, formKey, toSpecialist, ctx);
    assert.equal(outcome.kind, 'created');
    const [row] = await rowsWithKey(formKey);
    assert.equal(row?.recipientKind, 'named');
    assert.equal(row?.recipientEmail, 'dr.once@clinic.test');
  });

  test("the key is the issuer's: a colleague sending the same key makes their own link and never sees the first", async () => {
    const formKey = randomUUID();
    const mine = await createShareLinkOnce(desk, formKey, forPatient(), ctx);
    const theirs = await createShareLinkOnce(colleague, formKey, forPatient(), ctx);
    assert.equal(theirs.kind, 'created');
    assert.notEqual(theirs.link.shareLinkId, mine.link.shareLinkId);
    assert.deepEqual(new Set((await rowsWithKey(formKey)).map((r) => r.createdBy)), new Set([desk.userId, colleague.userId]));
  });

  test('the database holds the rule: a second link with the same issuer and key is refused with 409', async () => {
    const formKey = randomUUID();
    await createShareLink(desk, forPatient(), ctx, { formKey });
    await assert.rejects(createShareLink(desk, forPatient(), ctx, { formKey }), (err) => err instanceof AppError && err.status === 409 && err.code === 'conflict:share_link_form_used');
    assert.equal((await rowsWithKey(formKey)).length, 1);
  });

  test('a key that is not a form key is refused before anything is looked up', async () => {
    await assert.rejects(createShareLinkOnce(desk, 'not-a-key', forPatient(), ctx), (err) => err instanceof AppError && err.status === 400);
  });
});
