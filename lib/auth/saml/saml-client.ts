// The node-saml client for one provider, configured once here so sign-in and
// verification can never disagree. Security-critical: these options decide what
// node-saml checks for us (signature, audience, Conditions time window); the rest
// (issuer, Destination/Recipient, InResponseTo, replay) is checked in
// check-verified-assertion.ts and verify-saml-response.ts.
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { samlSpConfig } from './sp-config';
import type { UsableSamlProvider } from './saml-provider';

/** How far the IdP's clock may be from ours, either way. */
export const samlClockSkewMs = 60_000;

export function samlClient(provider: UsableSamlProvider, publicOrigin: string, requestId?: string): SAML {
  const sp = samlSpConfig(provider.id, publicOrigin);
  return new SAML({
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: provider.idpSsoUrl,
    // Only these certificates: never a key carried inside the response itself.
    idpCert: provider.idpCertificates,
    idpIssuer: provider.idpEntityId,
    // At least one valid signature must cover the assertion: the Response's
    // (which encloses it) or the Assertion's own. node-saml then reads only the
    // signed bytes, and refuses a response with more than one assertion. Requiring
    // both would turn away IdPs that sign only one of them (both are common).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    acceptedClockSkewMs: samlClockSkewMs,
    // We check InResponseTo ourselves against Postgres (single use, across app
    // instances); node-saml's default cache is per process memory.
    validateInResponseTo: ValidateInResponseTo.never,
    // No NameID format in the request: the IdP sends the one it is configured for
    // (asking for one it lacks fails the sign-in with InvalidNameIDPolicy).
    identifierFormat: null,
    // Asking for "PasswordProtectedTransport, exact" fails sign-ins that used MFA
    // or Kerberos at some IdPs (e.g. Entra ID's AADSTS75011).
    disableRequestedAuthnContext: true,
    ...(requestId ? { generateUniqueId: () => requestId } : {}),
  });
}
