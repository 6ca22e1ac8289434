// Who is asking. Every domain function takes the actor first and scopes its
// queries by it. Actors are built only by lib/auth (staff) and lib/shares (link
// sessions), from verified sessions — never from request input.
import type { StaffRole } from '@/db/schema';

export type StaffActor = {
  kind: 'staff';
  userId: string;
  facilityId: string;
  roles: readonly StaffRole[];
};

/** A browser that passed one share link's access check. */
export type LinkActor = {
  kind: 'link';
  shareLinkId: string;
  facilityId: string;
  linkSessionId: string;
  /** The link's own expiry: nothing handed out may outlive it. */
  linkExpiresAt: Date;
};

export function hasAnyRole(actor: StaffActor, roles: readonly StaffRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
