// SECURITY-CRITICAL: the one table of what each staff role may do. Domain functions
// check it before they act (`if (!can(actor, 'share_link:create')) throw …`), and
// layouts and pages ask the same table what to show, so the navigation can never
// offer what the domain refuses, nor the domain allow what no page was meant to.
// A change here is a change of policy: tests/unit/auth/permissions.test.ts holds
// the intended matrix written out and fails on any difference.
//
// This table says which *kind* of work a role does; which rows it may touch (its own
// facility, links addressed to its verified e-mail) stays in each domain's predicate.
import type { StaffRole } from '@/db/schema';
import type { StaffActor } from './actors';

export const permissions = [
  /** The facility's studies and patients: list, open, and the study list page. */
  'study:read',
  /** Put studies in (browser upload, and the other doors as they arrive). */
  'study:ingest',
  /** Files sent in through upload links: list, accept, reject. */
  'quarantine:manage',
  'share_link:create',
  /** Revoke, extend, unlock a share link. */
  'share_link:manage',
  /** A patient's share links and their state. */
  'share_link:read',
  /** Who used a share link, when, from where. */
  'share_link:read_history',
  /** Create, list and revoke upload links. */
  'upload_link:manage',
  'consent:record',
  /** A patient's consents and their evidence. */
  'consent:read',
  /** What other facilities shared with me, and confirming my inbox address. */
  'inbox:use',
  /** The facility's users and their roles. */
  'user:manage',
  /** Identity providers and the e-mail domains they may assert. */
  'identity_provider:manage',
  /** Search and export the facility's audit trail. */
  'audit_log:read',
  /** The facility's name, phone, address and help text shown to recipients. */
  'facility:manage_details',
  /** What the integrity scrub found wrong with the facility's stored objects. */
  'storage:read_integrity',
] as const;

export type Permission = (typeof permissions)[number];

/**
 * What each role may do. Front desk: the daily work on studies, links and consents.
 * Facility admin: all of that, plus users, sign-in and storage integrity. Clinician: only their inbox.
 * Compliance: the audit trail, and reading (never changing) links, their history and consents.
 */
export const rolePermissions: Readonly<Record<StaffRole, readonly Permission[]>> = {
  front_desk: [
    'study:read',
    'study:ingest',
    'quarantine:manage',
    'share_link:create',
    'share_link:manage',
    'share_link:read',
    'share_link:read_history',
    'upload_link:manage',
    'consent:record',
    'consent:read',
  ],
  facility_admin: [
    'study:read',
    'study:ingest',
    'quarantine:manage',
    'share_link:create',
    'share_link:manage',
    'share_link:read',
    'share_link:read_history',
    'upload_link:manage',
    'consent:record',
    'consent:read',
    'user:manage',
    'identity_provider:manage',
    'audit_log:read',
    'facility:manage_details',
    'storage:read_integrity',
  ],
  clinician: ['inbox:use'],
  compliance: ['share_link:read', 'share_link:read_history', 'consent:read', 'audit_log:read'],
};

/** Whether any of the actor's roles grants `permission`. */
export function can(actor: Pick<StaffActor, 'roles'>, permission: Permission): boolean {
  return actor.roles.some((role) => rolePermissions[role]?.includes(permission) ?? false);
}
