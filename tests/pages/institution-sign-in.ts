import { expect, type Page } from '@playwright/test';

/** Signs in through the OIDC provider's own login and consent pages (npm oidc-provider's interactions). */
export async function signInWithOidc(page: Page, login: string, password = 'any-password') {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /Sign in with TGH Login/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.TEST_OIDC_ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  // First time: the provider asks for consent to share the claims.
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 3000 }).catch(() => false)) await consent.click();
}
