// Sign-in attempts are limited per client address and per account, counted in
// PostgreSQL in one statement (so parallel attempts, on any number of instances,
// never get past the limit), and a refusal is recorded as a failed sign-in.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { admitSignInAttempt } from '@/lib/auth/sign-in-rate-limit';

const uniqueIp = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
const isRateLimited = (err: unknown) => err instanceof AppError && err.code === 'rate_limited:sign_in' && err.status === 429;

after(closeDb);

describe('[AUTH] sign-in rate limits', () => {
  test('[AUTH] a client gets the configured number of attempts a minute; 40 at once let exactly that many through, and the refusal is recorded', async () => {
    const limit = env().SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT;
    assert.equal(limit, 30);
    const ip = uniqueIp();
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => admitSignInAttempt('demo', { clientIp: ip, userAgent: 'rate-test' })));
    const admitted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter((o) => o.status === 'rejected' && isRateLimited(o.reason)).length;
    // A window that turned over mid-burst gives a second allowance; never fewer than the limit, never a lost count.
    assert.ok(admitted === limit || admitted === Math.min(40, 2 * limit), `admitted ${admitted}`);
    assert.equal(admitted + refused, 40);
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'STAFF_SIGN_IN_FAILED'), eq(auditEvents.clientIp, ip)));
    assert.ok(rows.length >= 1 && rows.every((r) => r.reason === 'rate_limited' || r.reason === 'refusals_rate_limited'), JSON.stringify(rows.map((r) => r.reason)));
    assert.equal(rows[0]!.details.method, 'demo');
    // Another client is not affected.
    await admitSignInAttempt('demo', { clientIp: uniqueIp(), userAgent: 'rate-test' });
  });

  test('[AUTH] an account gets its own, smaller allowance whatever address the attempts come from', async () => {
    const limit = env().SIGN_IN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT;
    const account = randomUUID();
    let admitted = 0;
    for (let i = 0; i < limit + 3; i++) {
      try {
        await admitSignInAttempt('saml_ticket', { clientIp: uniqueIp(), userAgent: 'rate-test' }, account);
        admitted += 1;
      } catch (err) {
        assert.ok(isRateLimited(err));
      }
    }
    // A minute boundary mid-loop resets the window (then all may pass); otherwise exactly the limit.
    assert.ok(admitted === limit || admitted === limit + 3, `admitted ${admitted}`);
  });

  test('[AUTH] an attempt whose address is unknown is counted per account only (no shared bucket to lock everyone out)', async () => {
    for (let i = 0; i < env().SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT + 5; i++) {
      await admitSignInAttempt('oidc', { clientIp: null, userAgent: 'rate-test' });
    }
  });
});
