// For browser tests: what an admin or the clock does to a signed-in user,
// applied directly (the admin pages have their own tests).
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { staffSessions, users } from '@/db/schema';

async function userIdsByEmail(email: string): Promise<string[]> {
  return (await db().select({ id: users.id }).from(users).where(eq(users.email, email))).map((u) => u.id);
}

/** Pretends the user's open sessions were last used `minutes` ago. */
export async function ageSessions(email: string, minutes: number): Promise<void> {
  const ids = await userIdsByEmail(email);
  await db()
    .update(staffSessions)
    .set({ lastSeenAt: new Date(Date.now() - minutes * 60_000) })
    .where(inArray(staffSessions.userId, ids));
}

export async function setActiveByEmail(email: string, active: boolean): Promise<void> {
  const ids = await userIdsByEmail(email);
  await db().update(users).set({ active }).where(and(inArray(users.id, ids), eq(users.active, !active)));
}

export async function endedReasons(email: string): Promise<string[]> {
  const ids = await userIdsByEmail(email);
  const rows = await db().select({ reason: staffSessions.endedReason }).from(staffSessions).where(inArray(staffSessions.userId, ids));
  return rows.flatMap((r) => (r.reason ? [r.reason] : []));
}
