// The hand-over from a verified SAML assertion (our ACS route) to a next-auth
// session: a random one-time ticket, valid for a minute, of which only the
// SHA-256 is stored. Redeeming it twice, late, or forged gets nothing. It is bound
// to the browser that started the sign-in (the binding of its SAML request): any
// other browser, e.g. one an attacker's page sent to /sign-in/complete with the
// attacker's own ticket (login CSRF), uses it up and is refused.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { identities, identityProviders, loginTickets, users } from '@/db/schema';
import { sha256Hex } from '@/lib/shares/share-token';

const ticketLifetimeMs = 60_000;

export async function issueLoginTicket(userId: string, identityId: string, browserBindingSha256: string): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db()
    .insert(loginTickets)
    .values({ ticketSha256: sha256Hex(ticket), userId, identityId, browserBindingSha256, expiresAt: new Date(Date.now() + ticketLifetimeMs) });
  return ticket;
}

export type TicketRedemption =
  | { ok: true; user: { userId: string; facilityId: string; email: string; name: string } }
  /** A live ticket presented by another browser: used up, and the provider named for the audit row. */
  | { ok: false; reason: 'other_browser'; provider: { id: string; facilityId: string } }
  | { ok: false; reason: 'invalid' };

/**
 * The user the ticket was issued for, once, in the browser whose SAML state cookie
 * proves `browserBinding` (lib/http/saml-state-cookie.ts); nothing for anything else.
 */
export async function redeemLoginTicket(ticket: string, browserBinding: string | null): Promise<TicketRedemption> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return { ok: false, reason: 'invalid' };
  return db().transaction(async (tx): Promise<TicketRedemption> => {
    const [used] = await tx
      .update(loginTickets)
      .set({ usedAt: new Date() })
      .where(and(eq(loginTickets.ticketSha256, sha256Hex(ticket)), isNull(loginTickets.usedAt), gt(loginTickets.expiresAt, new Date())))
      .returning({ userId: loginTickets.userId, identityId: loginTickets.identityId, browserBindingSha256: loginTickets.browserBindingSha256 });
    if (!used) return { ok: false, reason: 'invalid' };
    if (!browserBinding || used.browserBindingSha256 !== browserBinding) {
      const [identity] = await tx
        .select({ id: identityProviders.id, facilityId: identityProviders.facilityId })
        .from(identities)
        .innerJoin(identityProviders, eq(identityProviders.id, identities.providerId))
        .where(eq(identities.id, used.identityId));
      return identity ? { ok: false, reason: 'other_browser', provider: identity } : { ok: false, reason: 'invalid' };
    }
    const [user] = await tx
      .select({ userId: users.id, facilityId: users.facilityId, email: users.email, name: users.displayName })
      .from(users)
      .where(and(eq(users.id, used.userId), eq(users.active, true)));
    return user ? { ok: true, user } : { ok: false, reason: 'invalid' };
  });
}
