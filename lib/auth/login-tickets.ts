// The hand-over from a verified SAML assertion (our ACS route) to a next-auth
// session: a random one-time ticket, valid for a minute, of which only the
// SHA-256 is stored. Redeeming it twice, late, or forged gets nothing, and the
// refusal is recorded. It is bound to the browser that started the sign-in (the
// binding of its SAML request): any other browser, e.g. one an attacker's page
// sent to /sign-in/complete with the attacker's own ticket (login CSRF), uses it
// up and is refused.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { identities, identityProviders, loginTickets, users } from '@/db/schema';
import { sha256Hex } from '@/lib/shares/share-token';
import { recordRefusal } from '@/lib/audit/record-refusal';
import type { RequestContext } from '@/lib/audit/record-audit';

const ticketLifetimeMs = 60_000;

export async function issueLoginTicket(userId: string, identityId: string, browserBindingSha256: string): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db()
    .insert(loginTickets)
    .values({ ticketSha256: sha256Hex(ticket), userId, identityId, browserBindingSha256, expiresAt: new Date(Date.now() + ticketLifetimeMs) });
  return ticket;
}

/** Why a ticket was refused: recorded (STAFF_SIGN_IN_FAILED), never shown. */
export type LoginTicketRefusal = 'malformed_ticket' | 'unknown_ticket' | 'ticket_used' | 'ticket_expired' | 'user_inactive';

type RedeemedUser = { userId: string; facilityId: string; email: string; name: string };

export type TicketRedemption =
  | { ok: true; user: RedeemedUser }
  /** A live ticket presented by another browser: used up, and the provider named for the caller's audit row. */
  | { ok: false; reason: 'other_browser'; provider: { id: string; facilityId: string } }
  /** Anything else; already recorded here. */
  | { ok: false; reason: 'invalid' };

type Outcome =
  | { ok: true; user: RedeemedUser }
  | { ok: false; reason: 'other_browser'; provider: { id: string; facilityId: string } }
  | { refused: { reason: LoginTicketRefusal; userId: string | null } };

/**
 * The user the ticket was issued for, once, in the browser whose SAML state cookie
 * proves `browserBinding` (lib/http/saml-state-cookie.ts); nothing for anything else.
 */
export async function redeemLoginTicket(ticket: string, browserBinding: string | null, context: RequestContext): Promise<TicketRedemption> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return refuseTicket('malformed_ticket', null, context);
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    const [used] = await tx
      .update(loginTickets)
      .set({ usedAt: new Date() })
      .where(and(eq(loginTickets.ticketSha256, sha256Hex(ticket)), isNull(loginTickets.usedAt), gt(loginTickets.expiresAt, new Date())))
      .returning({ userId: loginTickets.userId, identityId: loginTickets.identityId, browserBindingSha256: loginTickets.browserBindingSha256 });
    if (!used) return { refused: await whyNotRedeemable(tx, ticket) };
    if (!browserBinding || used.browserBindingSha256 !== browserBinding) {
      const [identity] = await tx
        .select({ id: identityProviders.id, facilityId: identityProviders.facilityId })
        .from(identities)
        .innerJoin(identityProviders, eq(identityProviders.id, identities.providerId))
        .where(eq(identities.id, used.identityId));
      return identity ? { ok: false, reason: 'other_browser', provider: identity } : { refused: { reason: 'unknown_ticket', userId: used.userId } };
    }
    const [user] = await tx
      .select({ userId: users.id, facilityId: users.facilityId, email: users.email, name: users.displayName })
      .from(users)
      .where(and(eq(users.id, used.userId), eq(users.active, true)));
    return user ? { ok: true, user } : { refused: { reason: 'user_inactive', userId: used.userId } };
  });
  if ('refused' in outcome) return refuseTicket(outcome.refused.reason, outcome.refused.userId, context);
  return outcome;
}

async function whyNotRedeemable(tx: DbOrTx, ticket: string): Promise<{ reason: LoginTicketRefusal; userId: string | null }> {
  const [row] = await tx.select().from(loginTickets).where(eq(loginTickets.ticketSha256, sha256Hex(ticket)));
  if (!row) return { reason: 'unknown_ticket', userId: null };
  return { reason: row.usedAt ? 'ticket_used' : 'ticket_expired', userId: row.userId };
}

/** A failed redemption, against the ticket's user when the ticket was real; rate-limited per client. */
async function refuseTicket(reason: LoginTicketRefusal, userId: string | null, context: RequestContext): Promise<TicketRedemption> {
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
  return { ok: false, reason: 'invalid' };
}
