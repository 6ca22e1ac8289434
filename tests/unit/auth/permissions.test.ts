// The permission table walked for every role and every permission, against the
// intended matrix written out here: changing what a role may do means changing this
// test too, on purpose. X = allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staffRole, type StaffRole } from '@/db/schema';
import { can, permissions, rolePermissions, type Permission } from '@/lib/auth/permissions';

const roles = ['front_desk', 'facility_admin', 'clinician', 'compliance'] as const satisfies readonly StaffRole[];

// prettier-ignore
const intended: Record<Permission, [front_desk: string, facility_admin: string, clinician: string, compliance: string]> = {
  'study:read':               ['X', 'X', '-', '-'],
  'study:ingest':             ['X', 'X', '-', '-'],
  'quarantine:manage':        ['X', 'X', '-', '-'],
  'share_link:create':        ['X', 'X', '-', '-'],
  'share_link:manage':        ['X', 'X', '-', '-'],
  'share_link:read':          ['X', 'X', '-', 'X'],
  'share_link:read_history':  ['X', 'X', '-', 'X'],
  'upload_link:manage':       ['X', 'X', '-', '-'],
  'consent:record':           ['X', 'X', '-', '-'],
  'consent:read':             ['X', 'X', '-', 'X'],
  'inbox:use':                ['-', '-', 'X', '-'],
  'user:manage':              ['-', 'X', '-', '-'],
  'identity_provider:manage': ['-', 'X', '-', '-'],
  'audit_log:read':           ['-', 'X', '-', 'X'],
  'facility:manage_details':  ['-', 'X', '-', '-'],
  'storage:read_integrity':   ['-', 'X', '-', '-'],
};

const actorWith = (...r: StaffRole[]) => ({ roles: r });

test('[AUTH] the matrix covers every role of the schema and every permission of the table', () => {
  assert.deepEqual([...roles].sort(), [...staffRole.enumValues].sort());
  assert.deepEqual(Object.keys(rolePermissions).sort(), [...staffRole.enumValues].sort());
  assert.deepEqual(Object.keys(intended).sort(), [...permissions].sort());
  for (const role of roles) for (const p of rolePermissions[role]) assert.ok(permissions.includes(p), `${role}: ${p} is a known permission`);
});

test('[AUTH] every role has exactly the permissions intended, one by one', () => {
  const differences: string[] = [];
  for (const permission of permissions) {
    roles.forEach((role, i) => {
      const want = intended[permission][i] === 'X';
      if (can(actorWith(role), permission) !== want) differences.push(`${role} ${want ? 'lacks' : 'has'} ${permission}`);
    });
  }
  assert.deepEqual(differences, []);
});

test('[AUTH] several roles grant the union of their permissions; no role grants nothing at all', () => {
  for (const permission of permissions) {
    assert.equal(can(actorWith('clinician', 'compliance'), permission), can(actorWith('clinician'), permission) || can(actorWith('compliance'), permission), permission);
    assert.equal(can(actorWith(), permission), false, `no roles: no ${permission}`);
  }
  assert.equal(can(actorWith('no_such_role' as StaffRole), 'study:read'), false, 'an unknown role grants nothing');
});
