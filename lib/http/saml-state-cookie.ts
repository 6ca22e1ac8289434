// The cookie that binds a SAML sign-in to the browser that started it (login CSRF):
// a random secret set at the login start, whose SHA-256 is on the AuthnRequest row and
// then on the one-time ticket. HttpOnly, SameSite=Lax, Secure with __Host- over https.
// Lax is not sent with the IdP's cross-site POST to the assertion consumer, so the ACS
// checks it when it is there (a same-site IdP, or a second login in this browser) and
// the ticket redemption, a same-origin request that always carries it, requires it.
import { randomBytes } from 'node:crypto';
import { env } from '@/lib/env';
import { sha256Hex } from '@/lib/shares/share-token';
import { linkSessionCookieOptions } from './link-session-cookie';

export function samlStateCookieName(): string {
  return env().PUBLIC_ORIGIN.startsWith('https://') ? '__Host-scanshare-saml-state' : 'scanshare-saml-state';
}

/** The same attributes as the link-session cookie. */
export const samlStateCookieOptions = linkSessionCookieOptions;

/** A new browser secret (for the cookie) and its binding (for the rows). */
export function newSamlBrowserSecret(): { secret: string; binding: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, binding: sha256Hex(secret) };
}

/** The binding a cookie value proves, or null for anything that is not one of our secrets. */
export function samlBrowserBinding(cookieValue: string | undefined): string | null {
  return cookieValue && /^[A-Za-z0-9_-]{43}$/.test(cookieValue) ? sha256Hex(cookieValue) : null;
}
