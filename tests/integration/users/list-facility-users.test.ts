// The admin's user list shows each user's roles and the identity providers they
// have signed in through (a regression: the issuers column once matched nothing).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeDb, db } from '@/db/client';
import { identities } from '@/db/schema';
import { listFacilityUsers } from '@/lib/users/list-facility-users';
import { createFacility, createStaff } from '../../support/test-data';

after(closeDb);

describe('[ADMIN] the facility user list', () => {
  test('shows roles and sign-in issuers per user, and only this facility’s users', async () => {
    const facility = await createFacility();
    const admin = await createStaff(facility.id, ['facility_admin']);
    const desk = await createStaff(facility.id, ['front_desk', 'clinician']);
    await db().insert(identities).values({ userId: desk.userId, issuer: 'https://idp.example.org', subject: randomUUID() });
    await createStaff((await createFacility()).id, ['front_desk']);
    const list = await listFacilityUsers(admin);
    assert.equal(list.length, 2);
    const listedDesk = list.find((u) => u.id === desk.userId)!;
    assert.deepEqual(listedDesk.roles, ['clinician', 'front_desk']);
    assert.deepEqual(listedDesk.issuers, ['https://idp.example.org']);
    assert.deepEqual(list.find((u) => u.id === admin.userId)!.issuers, []);
  });
});
