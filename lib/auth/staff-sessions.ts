// SECURITY-CRITICAL: server-side staff sessions. The session cookie (a next-auth
// JWT) only names a row here; every request checks that row, so sign-out,
// deactivation and the idle and absolute timeouts hold on the next request,
// whatever the cookie says.
import { and, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { staffSessions, userRoles, users } from '@/db/schema';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { env } from '@/lib/env';

/** Writing last_seen_at on every request would double the writes; a minute's precision is plenty for a 15-minute idle limit. */
const touchEveryMs = 60_000;

export type SignInMethod = 'demo' | 'oidc' | 'saml';

export async function startStaffSession(
  user: { id: string; facilityId: string },
  method: SignInMethod,
  context: RequestContext,
  details: Record<string, unknown> = {},
): Promise<string> {
  return db().transaction(async (tx) => {
    const [session] = await tx.insert(staffSessions).values({ userId: user.id }).returning({ id: staffSessions.id });
    const roles = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
    await recordAudit(tx, {
      type: 'STAFF_SIGNED_IN',
      actor: staffAuditActor({ userId: user.id, facilityId: user.facilityId, roles: roles.map((r) => r.role) }),
      context,
      details: { method, ...details },
    });
    return session!.id;
  });
}

export type SessionEnd = 'signed_out' | 'idle_timeout' | 'absolute_timeout' | 'user_deactivated';

export async function endStaffSession(sessionId: string, reason: SessionEnd): Promise<void> {
  await db()
    .update(staffSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.endedAt)));
}

/**
 * The user id of a live session, or null when it ended, timed out or its user
 * was deactivated (ending it for good in those cases).
 */
export async function checkStaffSession(sessionId: string, now = new Date()): Promise<string | null> {
  const [row] = await db()
    .select({ session: staffSessions, active: users.active })
    .from(staffSessions)
    .innerJoin(users, eq(users.id, staffSessions.userId))
    .where(eq(staffSessions.id, sessionId));
  if (!row || row.session.endedAt) return null;
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = env();
  let end: SessionEnd | null = null;
  if (!row.active) end = 'user_deactivated';
  else if (now.getTime() - row.session.createdAt.getTime() > SESSION_MAX_HOURS * 3_600_000) end = 'absolute_timeout';
  else if (now.getTime() - row.session.lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000) end = 'idle_timeout';
  if (end) {
    await endStaffSession(sessionId, end);
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > touchEveryMs) {
    await db().update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, sessionId));
  }
  return row.session.userId;
}
