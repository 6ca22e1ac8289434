// The demo sign-in, through the real next-auth route of a portal started with a
// low limit, refuses a client's attempts past it with "too many attempts" and
// records the refusal; another client still signs in. The portal trusts 127.0.0.1
// as its proxy, so each test client is a distinct X-Forwarded-For address.
import { test, expect } from '@playwright/test';
import { auditRowsFor } from '../support/audit-rows';
import { startPortal, type PortalProcess } from '../../scripts/lib/portal-process';

let portal: PortalProcess;

test.beforeAll(async () => {
  portal = await startPortal({
    root: process.cwd(),
    port: Number(process.env.TEST_APP_PORT ?? 23000) + 2,
    env: { ...process.env, TRUSTED_PROXIES: '127.0.0.1', SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT: '3', SIGN_IN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT: '100000' },
    quiet: true,
  });
});
test.afterAll(async () => portal?.stop());

/** One demo sign-in attempt from `clientIp`: the error code next-auth passes on, or null on success. */
async function demoSignIn(clientIp: string): Promise<string | null> {
  const headers = { 'x-forwarded-for': clientIp };
  const csrf = await fetch(`${portal.url}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${portal.url}/api/auth/callback/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, json: 'true' }),
  });
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get('error');
}

test('[AUTH] past the limit a client is told to wait, the refusal is recorded, and another client still signs in', async () => {
  const client = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await demoSignIn(client));
  // Three a minute; a minute boundary mid-run gives a fresh allowance, so count rather than pin positions.
  expect(answers.filter((a) => a === null).length).toBeGreaterThanOrEqual(3);
  expect(answers.filter((a) => a === 'rate_limited:sign_in').length).toBeGreaterThanOrEqual(1);
  expect(answers.every((a) => a === null || a === 'rate_limited:sign_in')).toBe(true);

  const rows = await auditRowsFor({ type: 'STAFF_SIGN_IN_FAILED', clientIp: client });
  expect(rows.map((r) => r.reason)).toContain('rate_limited');

  expect(await demoSignIn(`198.51.100.${220 + Math.floor(Math.random() * 30)}`)).toBeNull();
});

test('[AUTH] the sign-in page says in words that there were too many attempts', async ({ page }) => {
  await page.goto('/sign-in?error=rate_limited%3Asign_in');
  await expect(page.locator('p.error[role=alert]')).toHaveText('Too many sign-in attempts. Please wait a minute and try again.');
});
