// Builds a StaffActor from a verified session's user id, reading the user and
// roles fresh from Postgres on every request: a deactivated user or a removed
// role takes effect on the next request, whatever the session cookie says.
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { userRoles, users } from '@/db/schema';
import type { StaffActor } from './actors';

export async function loadStaffActor(userId: string): Promise<StaffActor | null> {
  const [user] = await db()
    .select({ id: users.id, facilityId: users.facilityId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  if (!user) return null;
  const roles = await db().select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
  return { kind: 'staff', userId: user.id, facilityId: user.facilityId, roles: roles.map((r) => r.role) };
}
