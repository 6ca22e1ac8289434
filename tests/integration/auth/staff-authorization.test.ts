// Table-driven: every staff operation in lib/, called as (a) staff of another
// facility holding every role, (b) staff of the right facility without the role
// it needs. (a) must look like not-found (or see nothing of the other facility),
// (b) must be forbidden; neither may change anything. The routes and actions in
// app/ are thin wrappers over these; tests/e2e covers calling them with no session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { closeDb } from '@/db/client';
import type { StaffActor } from '@/lib/auth/actors';
import type { StaffRole } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { createShareLink } from '@/lib/shares/create-share-link';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { ingestFile } from '@/lib/ingest/ingest-file';
import { listFacilityStudies } from '@/lib/studies/list-facility-studies';
import { getStudyForStaff } from '@/lib/studies/get-study-for-staff';
import { listFacilityUsers } from '@/lib/users/list-facility-users';
import { setUserRoles } from '@/lib/users/set-user-roles';
import { setUserActive } from '@/lib/users/set-user-active';
import { listIdentityProviders } from '@/lib/identity-providers/list-identity-providers';
import { saveIdentityProvider } from '@/lib/identity-providers/save-identity-provider';
import { noRequestContext } from '@/lib/audit/record-audit';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy, smallStudyFiles } from '../../support/generated-study';

type Fixture = { studyId: string; shareLinkId: string; userId: string; owner: StaffActor };
type Operation = {
  name: string;
  needs: StaffRole[];
  run: (actor: StaffActor, f: Fixture) => Promise<unknown>;
  /** For reads that return lists: what another facility must not see. */
  leaks?: (result: unknown, f: Fixture) => boolean;
};

const ctx = noRequestContext;
const operations: Operation[] = [
  { name: 'listFacilityStudies', needs: ['front_desk'], run: (a) => listFacilityStudies(a), leaks: (r, f) => (r as { id: string }[]).some((s) => s.id === f.studyId) },
  { name: 'getStudyForStaff', needs: ['front_desk'], run: (a, f) => getStudyForStaff(a, f.studyId) },
  { name: 'createShareLink', needs: ['front_desk'], run: (a, f) => createShareLink(a, { studyIds: [f.studyId], expiresInDays: 1, accessCheck: 'code' }, ctx) },
  { name: 'revokeShareLink', needs: ['front_desk'], run: (a, f) => revokeShareLink(a, f.shareLinkId, ctx) },
  { name: 'linkAccessHistory', needs: ['front_desk', 'compliance'], run: (a, f) => linkAccessHistory(a, f.shareLinkId, ctx) },
  {
    name: 'ingestFile',
    needs: ['front_desk'],
    run: async (a) => {
      const [file] = await smallStudyFiles();
      return ingestFile(a, { body: Readable.from([Buffer.from(file!.bytes)]), fileName: 'x.dcm' }, ctx);
    },
  },
  { name: 'listFacilityUsers', needs: ['facility_admin'], run: (a) => listFacilityUsers(a), leaks: (r, f) => (r as { id: string }[]).some((u) => u.id === f.userId) },
  { name: 'setUserRoles', needs: ['facility_admin'], run: (a, f) => setUserRoles(a, { userId: f.userId, roles: ['facility_admin'] }, ctx) },
  { name: 'setUserActive', needs: ['facility_admin'], run: (a, f) => setUserActive(a, f.userId, false, ctx) },
  { name: 'listIdentityProviders', needs: ['facility_admin'], run: (a) => listIdentityProviders(a), leaks: (r) => (r as unknown[]).length > 0 },
  {
    name: 'saveIdentityProvider',
    needs: ['facility_admin'],
    run: (a) =>
      saveIdentityProvider(a, { kind: 'oidc', displayName: 'x', issuer: 'https://idp.invalid', clientId: 'c', clientSecret: 's', groupsClaim: 'groups', roleMapping: {} }, ctx),
  },
];

const allRoles: StaffRole[] = ['facility_admin', 'front_desk', 'clinician', 'compliance'];
let fixture: Fixture;
let stranger: StaffActor;

before(async () => {
  const facility = await createFacility();
  const owner = await createStaff(facility.id, ['front_desk', 'facility_admin']);
  const { studyId } = await ingestSmallStudy(owner);
  const link = await createShareLink(owner, { studyIds: [studyId], expiresInDays: 1, accessCheck: 'code' }, ctx);
  const colleague = await createStaff(facility.id, ['clinician']);
  fixture = { studyId, shareLinkId: link.shareLinkId, userId: colleague.userId, owner };
  stranger = await createStaff((await createFacility()).id, allRoles);
});
after(closeDb);

describe('[ACCESS] staff operations across facilities and roles', () => {
  for (const op of operations) {
    test(`[ACCESS] ${op.name}: staff of another facility see nothing of this one`, async () => {
      if (op.leaks) {
        const result = await op.run(stranger, fixture);
        assert.equal(op.leaks(result, fixture), false, 'no data of the other facility');
      } else if (op.name === 'ingestFile' || op.name === 'saveIdentityProvider') {
        // Writes into the stranger's own facility: allowed, and scoped there (nothing to test across).
        return;
      } else {
        await assert.rejects(op.run(stranger, fixture), (err) => err instanceof AppError && err.status === 404);
      }
    });

    test(`[ACCESS] ${op.name}: a colleague without the ${op.needs.join('/')} role is forbidden`, async () => {
      const roles = allRoles.filter((r) => !op.needs.includes(r) && !(op.needs.includes('front_desk') && r === 'facility_admin'));
      const colleague = await createStaff(fixture.owner.facilityId, roles);
      await assert.rejects(op.run(colleague, fixture), (err) => err instanceof AppError && err.status === 403);
    });
  }
});
