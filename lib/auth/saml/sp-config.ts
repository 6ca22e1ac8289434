// Our side of a SAML trust (the service provider), one per configured identity
// provider: the entity id the IdP knows us by (and puts in the assertion's
// Audience) and the assertion consumer URL it posts to (the Destination and
// Recipient it must name). Both derive from the public origin, so what we put in
// our metadata, what we send in an AuthnRequest and what we check in a response
// always agree.

export type SpConfig = {
  /** Our entity id for this provider; also the URL of our metadata for it. */
  entityId: string;
  /** Where the IdP POSTs the SAMLResponse (HTTP-POST binding). */
  acsUrl: string;
};

/** A provider id goes into a URL path: accept only a uuid, so no path tricks. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function samlSpConfig(providerId: string, publicOrigin: string): SpConfig {
  if (!uuidPattern.test(providerId)) throw new Error(`samlSpConfig: provider id is not a uuid: ${providerId}`);
  // `new URL(...).origin` drops any path or trailing slash someone put in the setting.
  const origin = new URL(publicOrigin).origin;
  const base = `${origin}/api/auth/saml/${providerId.toLowerCase()}`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs` };
}
