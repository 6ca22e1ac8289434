// Forgets staff sessions that can never be used again, and spent sign-in tickets.
// A session is dead once ended (sign-out, timeout, deactivation) or once older than
// the absolute limit, which every request checks (staff-sessions.ts): deleting its
// row changes nothing for the cookie naming it, which is refused either way. Kept a
// day past that for whoever is looking into a sign-in; the audit trail keeps the
// sign-in and sign-out events for good. Run by the job maintenance.prune-expired.
import { and, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { loginTickets, staffSessions } from '@/db/schema';
import { env } from '@/lib/env';

const dayMs = 86_400_000;

export async function pruneEndedSignIns(now = new Date()): Promise<{ staffSessions: number; loginTickets: number }> {
  const dayAgo = new Date(now.getTime() - dayMs);
  const pastAbsoluteLimit = new Date(dayAgo.getTime() - env().SESSION_MAX_HOURS * 3_600_000);
  const sessions = await db()
    .delete(staffSessions)
    .where(or(lt(staffSessions.endedAt, dayAgo), and(isNull(staffSessions.endedAt), lt(staffSessions.createdAt, pastAbsoluteLimit))))
    .returning({ id: staffSessions.id });
  const tickets = await db()
    .delete(loginTickets)
    .where(or(lt(loginTickets.expiresAt, now), isNotNull(loginTickets.usedAt)))
    .returning({ id: loginTickets.ticketSha256 });
  return { staffSessions: sessions.length, loginTickets: tickets.length };
}
