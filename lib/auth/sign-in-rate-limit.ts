// Sign-in attempts are limited per client address and per account, so nobody can
// hammer the demo sign-in, the SAML assertion consumer or the ticket redemption
// (or an account through them). The counts live in PostgreSQL, in one-minute
// windows on the database's clock, so the limit holds across every portal instance
// and restart. A refusal answers "too many attempts" and is recorded as a failed
// sign-in (itself rate-limited, lib/audit/record-refusal.ts, so the trail cannot be
// flooded through here either).
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { recordRefusal } from '@/lib/audit/record-refusal';
import { countInMinuteWindow } from '@/lib/rate-limits/count-in-minute-window';
import type { RequestContext } from '@/lib/audit/record-audit';

export const tooManySignInAttempts = 'Too many sign-in attempts. Please wait a minute and try again.';

const countAttempt = (key: string) => countInMinuteWindow(db(), 'sign_in_attempt_windows', key);

/**
 * Counts one sign-in attempt of `method` from this client (and for this account,
 * when known) and throws rate_limited:sign_in past either limit. A request whose
 * address is unknown (no trusted peer, lib/http/client-address.ts) is counted per
 * account only: one shared "unknown" bucket would let one client lock out everyone.
 */
export async function admitSignInAttempt(method: 'demo' | 'saml' | 'saml_ticket' | 'oidc', context: RequestContext, accountUserId?: string): Promise<void> {
  const e = env();
  const over: Array<'client' | 'account'> = [];
  if (context.clientIp && (await countAttempt(`client:${context.clientIp}`)) > e.SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT) over.push('client');
  if (accountUserId && (await countAttempt(`account:${accountUserId}`)) > e.SIGN_IN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT) over.push('account');
  if (over.length === 0) return;
  await recordRefusal({
    type: 'STAFF_SIGN_IN_FAILED',
    actor: { type: 'anonymous' },
    context,
    requested: accountUserId ? { type: 'user', id: accountUserId } : undefined,
    reason: 'rate_limited',
    details: { method, limit: over.join('+') },
  });
  throw new AppError('rate_limited:sign_in', tooManySignInAttempts);
}
