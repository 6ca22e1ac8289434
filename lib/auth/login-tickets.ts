// The hand-over from a verified SAML assertion (our ACS route) to a next-auth
// session: a random one-time ticket, valid for a minute, of which only the
// SHA-256 is stored. Redeeming it twice, late, or forged gets nothing.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { loginTickets, users } from '@/db/schema';
import { sha256Hex } from '@/lib/shares/share-token';

const ticketLifetimeMs = 60_000;

export async function issueLoginTicket(userId: string, identityId: string): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db().insert(loginTickets).values({ ticketSha256: sha256Hex(ticket), userId, identityId, expiresAt: new Date(Date.now() + ticketLifetimeMs) });
  return ticket;
}

/** The user the ticket was issued for, once; null for anything else. */
export async function redeemLoginTicket(ticket: string): Promise<{ userId: string; facilityId: string; email: string; name: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
  return db().transaction(async (tx) => {
    const [used] = await tx
      .update(loginTickets)
      .set({ usedAt: new Date() })
      .where(and(eq(loginTickets.ticketSha256, sha256Hex(ticket)), isNull(loginTickets.usedAt), gt(loginTickets.expiresAt, new Date())))
      .returning({ userId: loginTickets.userId });
    if (!used) return null;
    const [user] = await tx
      .select({ userId: users.id, facilityId: users.facilityId, email: users.email, name: users.displayName })
      .from(users)
      .where(and(eq(users.id, used.userId), eq(users.active, true)));
    return user ?? null;
  });
}
