// Login CSRF (issue 18, section 4): a sign-in completes only in the browser that started
// it. Three browser contexts: an attacker starts a SAML sign-in, signs in at the real IdP
// (simplesamlphp) and keeps the signed response (and, a second time, the one-time ticket)
// instead of using them; a victim's browser is made to post that response from another
// site, or to open the ticket, and is not signed in (refused in words, audited); a
// legitimate sign-in in a third browser still works. Then the same attempt with OIDC
// (next-auth's state, PKCE and nonce checks): the attacker's callback URL opens nothing.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { auditRowsFor, latestAuditId } from '../support/audit-rows';

const providerId = () => process.env.TEST_SAML_PROVIDER_ID!;
const acsPath = () => `/api/auth/saml/${providerId()}/acs`;
const attackerSite = 'http://attacker.invalid/';

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Starts a SAML sign-in in `page` (a fresh browser: no IdP session) and signs in at the IdP's login page. */
async function signInAtSamlIdp(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: /Sign in with TGH SAML/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.TEST_SAML_IDP_URL}/`));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}

/** The attacker's browser: its signed response to its own sign-in, caught before it reaches the ACS. */
async function attackersSignedResponse(page: Page): Promise<string> {
  let posted: string | undefined;
  await page.route(`**${acsPath()}`, async (route) => {
    posted = new URLSearchParams(route.request().postData() ?? '').get('SAMLResponse') ?? undefined;
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'kept by the attacker' });
  });
  await signInAtSamlIdp(page, 'saml.dana', 'dana-password');
  await expect.poll(() => posted).toBeTruthy();
  await page.unroute(`**${acsPath()}`);
  return posted!;
}

/** The attacker's browser: the ACS's answer to its own sign-in (a /sign-in/complete?ticket=… URL), not followed. */
async function attackersTicketUrl(page: Page, baseURL: string): Promise<string> {
  let location: string | undefined;
  await page.route(`**${acsPath()}`, async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    location = answer.headers().location;
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'kept by the attacker' });
  });
  await signInAtSamlIdp(page, 'saml.dana', 'dana-password');
  await expect.poll(() => location).toContain('/sign-in/complete?ticket=');
  await page.unroute(`**${acsPath()}`);
  return new URL(location!, baseURL).toString();
}

/** A page on another site that posts `samlResponse` to our ACS as soon as it loads. */
async function openAutoPostingPage(victim: Page, baseURL: string, samlResponse: string) {
  await victim.route(`${attackerSite}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><form method="post" action="${new URL(acsPath(), baseURL)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"></form><script>document.forms[0].submit()</script>`,
    }),
  );
  await victim.goto(attackerSite);
}

async function signedIn(page: Page): Promise<boolean> {
  const res = await page.request.get('/studies', { maxRedirects: 0 });
  return res.status() === 200;
}

async function refusalsSince(sinceId: number) {
  return (await auditRowsFor({ sinceId })).filter((r) => r.type === 'STAFF_SIGN_IN_FAILED' && r.reason === 'unauthorized:saml_other_browser');
}

test("[AUTH] an attacker's signed SAML response posted from another site does not sign the victim in; refused in words and audited", async ({ browser, baseURL }) => {
  const attacker = await newPage(browser);
  const samlResponse = await attackersSignedResponse(attacker);

  const before = await latestAuditId();
  const victim = await newPage(browser);
  await openAutoPostingPage(victim, baseURL!, samlResponse);
  await expect(victim).toHaveURL(/\/sign-in\?error=unauthorized(%3A|:)saml_other_browser$/);
  await expect(victim.locator('main').getByRole('alert')).toContainText('This sign-in was not started in this browser');
  expect(await signedIn(victim), 'the victim is not signed in as the attacker').toBe(false);
  const refusals = await refusalsSince(before);
  expect(refusals).toHaveLength(1);
  expect(refusals[0]!.details).toMatchObject({ method: 'saml', providerId: providerId() });

  // The legitimate sign-in, in a third browser, still works.
  const colleague = await newPage(browser);
  await signInAtSamlIdp(colleague, 'saml.dana', 'dana-password');
  await expect(colleague).toHaveURL(/\/studies$/);
  expect(await signedIn(colleague)).toBe(true);
});

test("[AUTH] an attacker's one-time ticket opened in the victim's browser signs nobody in, and is used up", async ({ browser, baseURL }) => {
  const attacker = await newPage(browser);
  const ticketUrl = await attackersTicketUrl(attacker, baseURL!);

  const before = await latestAuditId();
  const victim = await newPage(browser);
  await victim.goto(ticketUrl);
  await expect(victim).toHaveURL(/\/sign-in\?error=unauthorized(%3A|:)saml_other_browser$/);
  await expect(victim.locator('main').getByRole('alert')).toContainText('This sign-in was not started in this browser');
  expect(await signedIn(victim)).toBe(false);
  expect(await refusalsSince(before)).toHaveLength(1);

  // Used up: not even the browser that started it can redeem it afterwards.
  await attacker.goto(ticketUrl);
  await expect(attacker).toHaveURL(/\/sign-in\?.*error=CredentialsSignin/);
  expect(await signedIn(attacker)).toBe(false);
});

test("[AUTH] an attacker's OIDC callback URL opened in the victim's browser signs nobody in (state, PKCE and nonce are checked)", async ({ browser }) => {
  const attacker = await newPage(browser);
  // The provider's redirect back to our callback (code + state) is caught and not followed.
  // A browser follows redirects without asking the route again, so the provider's own
  // hops (/interaction/… → /auth/…) are followed here; everything else passes unchanged.
  let callback: string | undefined;
  const issuer = new URL(process.env.TEST_OIDC_ISSUER!);
  await attacker.route(`${issuer.origin}/**`, async (route) => {
    let answer = await route.fetch({ maxRedirects: 0 });
    let at = new URL(route.request().url());
    for (let hop = 0; hop < 5; hop++) {
      const location = answer.headers().location;
      if (!location) break;
      const next = new URL(location, at);
      if (next.pathname.startsWith('/api/auth/callback/')) {
        callback = next.toString();
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'kept by the attacker' });
        return;
      }
      if (next.origin !== issuer.origin || !next.pathname.startsWith('/auth/')) break;
      answer = await attacker.context().request.get(next.toString(), { maxRedirects: 0 });
      at = next;
    }
    await route.fulfill({ response: answer });
  });
  await attacker.goto('/sign-in');
  await attacker.getByRole('button', { name: /Sign in with TGH Login/ }).click();
  await attacker.locator('input[name="login"]').fill('frontdesk.alice');
  await attacker.locator('input[name="password"]').fill('any-password');
  await attacker.locator('button[type="submit"]').click();
  const consent = attacker.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 3000 }).catch(() => false)) await consent.click();
  await expect.poll(() => callback).toMatch(/\/api\/auth\/callback\/.*[?&]code=/);
  expect(callback).toMatch(/[?&]state=/);

  const victim = await newPage(browser);
  await victim.goto(callback!);
  await expect(victim).toHaveURL(/\/sign-in\?.*error=OAuthCallback/); // next-auth: "State cookie was missing"
  expect(await signedIn(victim)).toBe(false);

  // The callback itself was good: the browser that started the sign-in completes it.
  await attacker.unroute(`${issuer.origin}/**`);
  await attacker.goto(callback!);
  await expect(attacker).toHaveURL(/\/studies$/);
  expect(await signedIn(attacker)).toBe(true);
});
