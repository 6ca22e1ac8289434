// SP-initiated sign-in: build an AuthnRequest (HTTP-Redirect binding) for the
// facility's IdP and remember its ID, so the response must answer this request,
// once, within a few minutes (see verify-saml-response.ts), and a secret for the
// browser that asked (its hash on the row): the answer signs in only that browser.
import { randomBytes } from 'node:crypto';
import { db } from '@/db/client';
import { newSamlBrowserSecret } from '@/lib/http/saml-state-cookie';
import { samlClient } from './saml-client';
import { usableSamlProvider, type SamlProviderRow } from './saml-provider';
import { rememberSamlRequest } from './saml-state';

/** How long the IdP (and the person at its login page) has to answer. */
export const samlRequestLifetimeMs = 10 * 60_000;

export type SamlSignInStart = {
  /** Send the browser here (302). */
  redirectUrl: string;
  /** The AuthnRequest ID. */
  requestId: string;
  /** For the browser's HttpOnly cookie (lib/http/saml-state-cookie.ts); only its SHA-256 is stored. */
  browserSecret: string;
  expiresAt: Date;
};

export async function startSamlSignIn(provider: SamlProviderRow, publicOrigin: string): Promise<SamlSignInStart> {
  const usable = usableSamlProvider(provider);
  // An xs:ID must not start with a digit; 20 random bytes cannot be guessed.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const expiresAt = new Date(Date.now() + samlRequestLifetimeMs);
  const redirectUrl = await samlClient(usable, publicOrigin, requestId).getAuthorizeUrlAsync('', undefined, {});
  const browser = newSamlBrowserSecret();
  await rememberSamlRequest(db(), { id: requestId, providerId: usable.id, expiresAt, browserBindingSha256: browser.binding });
  return { redirectUrl, requestId, browserSecret: browser.secret, expiresAt };
}
