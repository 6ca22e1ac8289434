// Our SP metadata for one provider, for the facility admin to load into their IdP
// (served at the entity id URL). We do not sign requests or take encrypted
// assertions, so it carries no keys: entity id, ACS (HTTP-POST), and the wishes
// an IdP admin should see (signed assertions, a persistent NameID).
import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import { samlSpConfig } from './sp-config';

export const preferredNameIdFormat = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

export function samlSpMetadataXml(providerId: string, publicOrigin: string): string {
  const sp = samlSpConfig(providerId, publicOrigin);
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: preferredNameIdFormat,
    // A wish for IdPs; verification also accepts a signed Response enclosing the assertion.
    wantAssertionsSigned: true,
  });
}
