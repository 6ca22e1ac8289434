// The hand-over from a verified SAML assertion (our ACS route) to a next-auth
// session: a random one-time ticket, valid for a minute, of which only the
// SHA-256 is stored. Redeeming it twice, late, or forged gets nothing.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { loginTickets, users } from '@/db/schema';
import { sha256Hex } from '@/lib/shares/share-token';
import { recordRefusal } from '@/lib/audit/record-refusal';
import type { RequestContext } from '@/lib/audit/record-audit';

const ticketLifetimeMs = 60_000;

export async function issueLoginTicket(userId: string, identityId: string): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db().insert(loginTickets).values({ ticketSha256: sha256Hex(ticket), userId, identityId, expiresAt: new Date(Date.now() + ticketLifetimeMs) });
  return ticket;
}

/** Why a ticket was refused: recorded (STAFF_SIGN_IN_FAILED), never shown. */
export type LoginTicketRefusal = 'malformed_ticket' | 'unknown_ticket' | 'ticket_used' | 'ticket_expired' | 'user_inactive';

/** The user the ticket was issued for, once; null for anything else, and the refusal is recorded. */
export async function redeemLoginTicket(ticket: string, context: RequestContext): Promise<{ userId: string; facilityId: string; email: string; name: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return refuseTicket('malformed_ticket', null, context);
  type Redeemed = { userId: string; facilityId: string; email: string; name: string };
  type Outcome = { user: Redeemed } | { refused: { reason: LoginTicketRefusal; userId: string | null } };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    const [used] = await tx
      .update(loginTickets)
      .set({ usedAt: new Date() })
      .where(and(eq(loginTickets.ticketSha256, sha256Hex(ticket)), isNull(loginTickets.usedAt), gt(loginTickets.expiresAt, new Date())))
      .returning({ userId: loginTickets.userId });
    if (!used) return { refused: await whyNotRedeemable(tx, ticket) };
    const [user] = await tx
      .select({ userId: users.id, facilityId: users.facilityId, email: users.email, name: users.displayName })
      .from(users)
      .where(and(eq(users.id, used.userId), eq(users.active, true)));
    return user ? { user } : { refused: { reason: 'user_inactive', userId: used.userId } };
  });
  if ('user' in outcome) return outcome.user;
  return refuseTicket(outcome.refused.reason, outcome.refused.userId, context);
}

async function whyNotRedeemable(tx: DbOrTx, ticket: string): Promise<{ reason: LoginTicketRefusal; userId: string | null }> {
  const [row] = await tx.select().from(loginTickets).where(eq(loginTickets.ticketSha256, sha256Hex(ticket)));
  if (!row) return { reason: 'unknown_ticket', userId: null };
  return { reason: row.usedAt ? 'ticket_used' : 'ticket_expired', userId: row.userId };
}

/** A failed redemption, against the ticket's user when the ticket was real; rate-limited per client. */
async function refuseTicket(reason: LoginTicketRefusal, userId: string | null, context: RequestContext): Promise<null> {
  const [user] = userId ? await db().select({ facilityId: users.facilityId }).from(users).where(eq(users.id, userId)) : [];
  await recordRefusal({
    type: 'STAFF_SIGN_IN_FAILED',
    actor: { type: 'anonymous' },
    context,
    requested: userId ? { type: 'user', id: userId } : undefined,
    reason,
    facilityId: user?.facilityId ?? null,
    details: { method: 'saml_ticket' },
  });
  return null;
}
