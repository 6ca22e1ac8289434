// A facility admin sets the contact details recipients see; nobody else can: a
// non-admin is refused (403) and another facility's admin finds no such facility
// (404). Every change and every refusal leaves an audit row.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { facilities } from '@/db/schema';
import { noRequestContext } from '@/lib/audit/record-audit';
import { isAppError } from '@/lib/errors';
import { facilityDetailsInput } from '@/lib/facilities/facility-details-input';
import { getFacilityDetails, updateFacilityDetails } from '@/lib/facilities/facility-details';
import { unsafeFacilityContact } from '@/lib/facilities/facility-contact';
import { auditRowsFor } from '../../support/audit-rows';
import { createFacility, createStaff } from '../../support/test-data';

after(closeDb);

const details = (facilityId: string, phone = '+1 555 0199') =>
  facilityDetailsInput.parse({ facilityId, displayName: '  North Clinic Imaging ', phone, address: '1 North Road\r\nLakeside', helpText: 'Call the records desk.' });

async function stored(facilityId: string) {
  const [f] = await db().select().from(facilities).where(eq(facilities.id, facilityId));
  return { displayName: f!.displayName, phone: f!.phone, address: f!.address, helpText: f!.helpText };
}

async function refusedWith(status: number, work: Promise<unknown>) {
  await assert.rejects(work, (err) => isAppError(err) && err.status === status);
}

describe('[FACILITY] contact details', () => {
  test('a facility admin sets them: stored trimmed, shown to recipients, and audited as FACILITY_DETAILS_CHANGED', async () => {
    const facility = await createFacility();
    const admin = await createStaff(facility.id, ['facility_admin']);
    const saved = await updateFacilityDetails(admin, details(facility.id), noRequestContext);
    assert.equal(saved.displayName, 'North Clinic Imaging');
    assert.deepEqual(await stored(facility.id), { displayName: 'North Clinic Imaging', phone: '+1 555 0199', address: '1 North Road\nLakeside', helpText: 'Call the records desk.' });
    assert.deepEqual(await unsafeFacilityContact(facility.id), { name: 'North Clinic Imaging', phone: '+1 555 0199', address: '1 North Road\nLakeside', helpText: 'Call the records desk.' });
    assert.equal((await getFacilityDetails(admin)).phone, '+1 555 0199');

    const rows = (await auditRowsFor({ subjectId: facility.id })).filter((r) => r.type === 'FACILITY_DETAILS_CHANGED');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorId, admin.userId);
    assert.equal(rows[0]!.facilityId, facility.id);
    assert.deepEqual((rows[0]!.details as { changed: string[] }).changed, ['displayName', 'phone', 'address', 'helpText']);

    // Emptying a field clears it; the recipients then see the registered name.
    await updateFacilityDetails(admin, facilityDetailsInput.parse({ facilityId: facility.id, displayName: '', phone: '', address: '', helpText: '' }), noRequestContext);
    assert.deepEqual(await stored(facility.id), { displayName: null, phone: null, address: null, helpText: null });
    assert.equal((await unsafeFacilityContact(facility.id)).name, facility.name);
  });

  test('a non-admin of the facility is refused (403), nothing changes, and the refusal is audited', async () => {
    const facility = await createFacility();
    const admin = await createStaff(facility.id, ['facility_admin']);
    await updateFacilityDetails(admin, details(facility.id), noRequestContext);
    const before = await stored(facility.id);
    const desk = await createStaff(facility.id, ['front_desk', 'clinician', 'compliance']);
    await refusedWith(403, updateFacilityDetails(desk, details(facility.id, '+1 555 0000'), noRequestContext));
    await refusedWith(403, getFacilityDetails(desk));
    assert.deepEqual(await stored(facility.id), before);
    const refusals = (await auditRowsFor({ actorId: desk.userId })).filter((r) => r.type === 'ACCESS_REFUSED');
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0]!.subjectId, facility.id);
    assert.equal(refusals[0]!.reason, 'not_permitted');
    assert.equal(refusals[0]!.outcome, 'failure');
  });

  test("another facility's admin finds no such facility (404), nothing changes, and the refusal is audited", async () => {
    const facility = await createFacility();
    const other = await createFacility();
    const otherAdmin = await createStaff(other.id, ['facility_admin']);
    await refusedWith(404, updateFacilityDetails(otherAdmin, details(facility.id, '+1 555 0000'), noRequestContext));
    assert.deepEqual(await stored(facility.id), { displayName: null, phone: null, address: null, helpText: null });
    assert.deepEqual(await stored(other.id), { displayName: null, phone: null, address: null, helpText: null });
    const refusals = (await auditRowsFor({ actorId: otherAdmin.userId })).filter((r) => r.type === 'ACCESS_REFUSED');
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0]!.subjectId, facility.id);
    assert.equal(refusals[0]!.reason, 'other_facility');
    assert.equal((await auditRowsFor({ subjectId: facility.id })).filter((r) => r.type === 'FACILITY_DETAILS_CHANGED').length, 0);
  });

  test('the input is checked: lengths, one-line fields, phone characters, no control characters', () => {
    const facilityId = '00000000-0000-4000-8000-000000000000';
    const bad = (field: string, value: string) => !facilityDetailsInput.safeParse({ facilityId, displayName: '', phone: '', address: '', helpText: '', [field]: value }).success;
    assert.ok(bad('displayName', 'x'.repeat(121)));
    assert.ok(bad('displayName', 'Two\nlines'));
    assert.ok(bad('phone', 'call us'));
    assert.ok(bad('phone', '+1 555 0100; DROP'));
    assert.ok(bad('address', 'x'.repeat(301)));
    assert.ok(bad('helpText', 'x'.repeat(1001)));
    assert.ok(bad('helpText', 'bell\u0007'));
    assert.ok(bad('facilityId', 'not-a-uuid'));
    assert.ok(!bad('helpText', 'Line one\nLine two <b>not html</b>'));
  });
});
