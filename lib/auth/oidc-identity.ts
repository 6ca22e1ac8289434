// The identity an OIDC ID token (already verified by next-auth: signature, issuer,
// audience, nonce) names. `email_verified` must be the boolean true for the address
// to count as vouched for: a missing claim, false, or the string "true" do not.
import type { IdentityProvider } from '@/db/schema';
import type { VerifiedIdentity } from './sign-in-with-identity';

export function identityFromOidcClaims(provider: Pick<IdentityProvider, 'oidcIssuer' | 'groupsClaim'>, claims: Record<string, unknown>): VerifiedIdentity {
  const groupsClaim = claims[provider.groupsClaim];
  const email = typeof claims.email === 'string' ? claims.email : null;
  return {
    issuer: provider.oidcIssuer!,
    subject: String(claims.sub ?? ''),
    email,
    emailVerified: email !== null && claims.email_verified === true,
    displayName: typeof claims.name === 'string' ? claims.name : null,
    groups: Array.isArray(groupsClaim) ? groupsClaim.map(String) : typeof groupsClaim === 'string' ? [groupsClaim] : [],
  };
}
