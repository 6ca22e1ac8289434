// SAML 2.0 sign-in in the browser through a real IdP's login page (Debian
// simplesamlphp): SP-initiated, signed response posted to our ACS, one-time
// ticket, ordinary next-auth session. The cryptographic negatives (tampered,
// unsigned, wrapped, expired, wrong audience, replayed…) are in tests/integration/saml.
import { test, expect, type Page } from '@playwright/test';
import { signInWithOidc } from '../pages/institution-sign-in';

async function signInWithSaml(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: /Sign in with TGH SAML/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.TEST_SAML_IDP_URL}/`));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}

test('[AUTH] a front-desk user signs in with SAML through the IdP login page and lands in their facility', async ({ page }) => {
  await signInWithSaml(page, 'saml.dana', 'dana-password');
  await expect(page).toHaveURL(/\/studies$/);
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await expect(page.getByText('No studies yet')).toBeVisible(); // her facility's, not the demo's
  expect(page.url()).not.toContain('ticket=');
});

test('[AUTH] the SP metadata names our entity id and assertion consumer URL', async ({ request, baseURL }) => {
  const res = await request.get(`/api/auth/saml/${process.env.TEST_SAML_PROVIDER_ID}/metadata`);
  expect(res.status()).toBe(200);
  const xml = await res.text();
  expect(xml).toContain(`entityID="${baseURL}/api/auth/saml/${process.env.TEST_SAML_PROVIDER_ID}/metadata"`);
  expect(xml).toContain(`Location="${baseURL}/api/auth/saml/${process.env.TEST_SAML_PROVIDER_ID}/acs"`);
});

test('[AUTH] the same e-mail from a second IdP is a second identity: refused until an admin links them', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  await signInWithOidc(first, 'frontdesk.alice'); // creates alice@hospital.test via OIDC (or finds her)
  await expect(first).toHaveURL(/\/studies$/);
  const second = await (await browser.newContext()).newPage();
  await signInWithSaml(second, 'frontdesk.alice', 'alice-password');
  await expect(second).toHaveURL(/\/sign-in\?error=conflict%3Aidentity_not_linked/);
  await expect(second.locator('main').getByRole('alert')).toContainText('link them');
});

test('[AUTH] a forged or replayed login ticket opens no session', async ({ page }) => {
  await page.goto('/sign-in/complete?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  await expect(page).toHaveURL(/\/sign-in\?.*error=CredentialsSignin/);
  const res = await page.request.get('/studies', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
});

test('[AUTH] SAML routes of an unknown provider answer 404; a bad or missing response at the ACS is refused in plain words', async ({ page, request }) => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  expect((await request.get(`/api/auth/saml/${unknown}/metadata`)).status()).toBe(404);
  expect((await request.get(`/api/auth/saml/${unknown}/login`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get('/api/auth/saml/not-a-uuid/metadata')).status()).toBe(404);

  const acs = `/api/auth/saml/${process.env.TEST_SAML_PROVIDER_ID}/acs`;
  const missing = await request.post(acs, { form: { RelayState: 'x' }, maxRedirects: 0 });
  expect(missing.status()).toBe(303);
  expect(missing.headers().location).toContain('/sign-in?error=unauthorized%3Asaml_missing');
  const garbage = await request.post(acs, { form: { SAMLResponse: 'PHNhbWxwOlJlc3BvbnNlLz4=' }, maxRedirects: 0 });
  expect(garbage.status()).toBe(303);
  await page.goto(garbage.headers().location!);
  await expect(page.locator('main').getByRole('alert')).toContainText(/SAML response|could not be verified|not validly signed/);
});
