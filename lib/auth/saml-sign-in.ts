// SAML sign-in, end to end on our side: start (AuthnRequest), and consume the
// IdP's response (verify → user of the provider's facility → one-time ticket for
// next-auth). Failures are audited with their reason and answered in plain words.
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { identityProviders, type IdentityProvider } from '@/db/schema';
import type { RequestContext } from '@/lib/audit/record-audit';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { startSamlSignIn } from './saml/start-saml-sign-in';
import { verifySamlResponse } from './saml/verify-saml-response';
import { samlSpMetadataXml } from './saml/sp-metadata';
import { issueLoginTicket } from './login-tickets';
import { recordSignInFailure } from './record-sign-in-failure';
import { signInWithIdentity } from './sign-in-with-identity';

async function samlProvider(providerId: string): Promise<IdentityProvider> {
  if (!/^[0-9a-f-]{36}$/i.test(providerId)) throw new AppError('not_found:identity_provider');
  const [provider] = await db()
    .select()
    .from(identityProviders)
    .where(and(eq(identityProviders.id, providerId), eq(identityProviders.kind, 'saml'), eq(identityProviders.enabled, true)));
  if (!provider) throw new AppError('not_found:identity_provider');
  return provider;
}

/** Where to send the browser, and the secret its SAML state cookie must carry until the ticket is redeemed. */
export async function samlSignInStart(providerId: string): Promise<{ redirectUrl: string; browserSecret: string; expiresAt: Date }> {
  const { redirectUrl, browserSecret, expiresAt } = await startSamlSignIn(await samlProvider(providerId), env().PUBLIC_ORIGIN);
  return { redirectUrl, browserSecret, expiresAt };
}

export async function samlMetadata(providerId: string): Promise<string> {
  await samlProvider(providerId);
  return samlSpMetadataXml(providerId, env().PUBLIC_ORIGIN);
}

/**
 * Verifies a posted SAMLResponse; returns a one-time login ticket bound to the browser
 * that started the sign-in, or throws an AppError (audited). `browserBinding`: from the
 * SAML state cookie when the browser sent it (a cross-site POST from the IdP does not).
 */
export async function consumeSamlResponse(
  providerId: string,
  samlResponse: string,
  browserBinding: string | null,
  context: RequestContext,
): Promise<string> {
  const provider = await samlProvider(providerId);
  try {
    const identity = await verifySamlResponse(provider, env().PUBLIC_ORIGIN, samlResponse, { browserBinding });
    const user = await signInWithIdentity(provider, {
      issuer: identity.issuer,
      subject: identity.nameId,
      email: identity.email ?? null,
      // SAML has no email_verified: the IdP's signature on the assertion is its word,
      // which counts only within the provider's domain claims.
      emailVerified: Boolean(identity.email),
      displayName: identity.displayName ?? null,
      groups: identity.groups,
    }, context);
    return await issueLoginTicket(user.userId, user.identityId, identity.browserBindingSha256);
  } catch (err) {
    await recordSignInFailure(provider, 'saml', err, context);
    throw err;
  }
}
