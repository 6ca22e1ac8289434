// The admin's list of their facility's staff: roles, state, how they sign in.
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { identities, userRoles, users, type StaffRole } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

export type FacilityUser = { id: string; email: string; displayName: string; active: boolean; roles: StaffRole[]; issuers: string[] };

export async function listFacilityUsers(actor: StaffActor): Promise<FacilityUser[]> {
  if (!can(actor, 'user:manage')) throw new AppError('forbidden:user_admin');
  return db()
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      active: users.active,
      // "users"."id" spelled out: in a one-table select drizzle writes ${users.id} as a bare "id", which inside
      // these subqueries would mean identities.id (and so match nothing). Roles as text[]: pg parses that, not an enum array.
      roles: sql<StaffRole[]>`coalesce((select array_agg(${userRoles.role}::text order by ${userRoles.role}::text) from ${userRoles} where ${userRoles.userId} = "users"."id"), '{}'::text[])`,
      issuers: sql<string[]>`coalesce((select array_agg(${identities.issuer}) from ${identities} where ${identities.userId} = "users"."id"), '{}'::text[])`,
    })
    .from(users)
    .where(eq(users.facilityId, actor.facilityId))
    .orderBy(asc(users.email));
}
