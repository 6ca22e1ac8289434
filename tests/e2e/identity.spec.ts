// Staff sign in through their institution (a real OIDC provider on loopback),
// land in their own facility with roles from their IdP groups, and sessions end
// server-side: sign-out, deactivation, idle timeout, forged cookies.
import { test, expect } from '@playwright/test';
import { signInWithOidc } from '../pages/institution-sign-in';
import { ageSessions, endedReasons, setActiveByEmail } from '../support/staff-session-controls';

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

test('[AUTH] a user in no mapped IdP group is created without a role and sees no patient data', async ({ page }) => {
  await signInWithOidc(page, 'nobody.carol');
  await expect(page).toHaveURL(/\/studies$/);
  await expect(page.getByRole('main')).toContainText('Your account has no access to this page');
});

test('[AUTH] a session idle for longer than the limit (15 minutes) ends on the next request', async ({ page }) => {
  await signInWithOidc(page, 'frontdesk.alice');
  await expect(page).toHaveURL(/\/studies$/);
  await ageSessions('alice@hospital.test', 16);
  await page.goto('/studies');
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await endedReasons('alice@hospital.test')).toContain('idle_timeout');
});

test('[AUTH] a user deactivated mid-session is signed out on the next request, and cannot sign in again', async ({ page }) => {
  await signInWithOidc(page, 'admin.bob');
  await expect(page).toHaveURL(/\/studies$/);
  await setActiveByEmail('bob@hospital.test', false);
  try {
    await page.goto('/studies');
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await endedReasons('bob@hospital.test')).toContain('user_deactivated');
    // The IdP still has Bob signed in (single sign-on), so it answers at once; the portal refuses.
    await page.getByRole('button', { name: /Sign in with TGH Login/ }).click();
    await expect(page).toHaveURL(/\/sign-in\?error=forbidden%3Auser_deactivated/);
    await expect(page.locator('main').getByRole('alert')).toContainText('deactivated');
  } finally {
    await setActiveByEmail('bob@hospital.test', true);
  }
});

test('[AUTH] an OIDC callback with a state that does not match is refused', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /Sign in with TGH Login/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.TEST_OIDC_ISSUER}/interaction/`));
  // Answer the portal's callback directly with a forged state (and no PKCE verifier match).
  await page.goto(`/api/auth/callback/idp-${process.env.TEST_OIDC_PROVIDER_ID}?code=forged-code&state=forged-state&iss=${encodeURIComponent(process.env.TEST_OIDC_ISSUER!)}`);
  await expect(page).toHaveURL(/\/sign-in\?.*error=OAuthCallback/);
  await expect(page.locator('main').getByRole('alert')).toContainText('did not match');
});

test('[AUTH] a session cookie signed with another secret, or already expired, is refused', async ({ browser, baseURL }) => {
  const { encode } = await import('next-auth/jwt');
  const claims = { uid: '00000000-0000-0000-0000-000000000000', sid: '00000000-0000-0000-0000-000000000000', name: 'Mallory' };
  const otherSecret = await encode({ token: claims, secret: 'not-the-portal-secret-but-long-enough-123' });
  const expired = await encode({ token: claims, secret: process.env.NEXTAUTH_SECRET!, maxAge: -60 });
  for (const value of [otherSecret, expired]) {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'next-auth.session-token', value, url: baseURL! }]);
    const res = await context.request.get('/studies', { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    await context.close();
  }
});

test('[AUTH] an OIDC sign-in whose PKCE verifier was lost or swapped is refused', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /Sign in with TGH Login/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.TEST_OIDC_ISSUER}/interaction/`));
  // next-auth keeps the code_verifier in an encrypted cookie; replace it with another flow's.
  const cookies = await page.context().cookies();
  const pkce = cookies.find((c) => c.name.includes('pkce.code_verifier'));
  expect(pkce, 'next-auth set a PKCE verifier cookie').toBeTruthy();
  await page.context().addCookies([{ ...pkce!, value: 'swapped-verifier' }]);
  await page.locator('input[name="login"]').fill('frontdesk.alice');
  await page.locator('input[name="password"]').fill('any-password');
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 3000 }).catch(() => false)) await consent.click();
  await expect(page).toHaveURL(/\/sign-in\?.*error=OAuthCallback/);
});
