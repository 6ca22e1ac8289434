// The one gate every SAML operation passes: the provider row must be an enabled
// SAML provider with its IdP entity id, SSO URL and at least one signing
// certificate. Anything else looks like "no such provider" from outside.
import { AppError } from '@/lib/errors';
import type { IdentityProvider } from '@/db/schema';

/** The columns SAML needs; a full `identity_providers` row fits. */
export type SamlProviderRow = Pick<IdentityProvider, 'id' | 'kind' | 'enabled' | 'samlEntityId' | 'samlSsoUrl' | 'samlCertificates'>;

export type UsableSamlProvider = {
  id: string;
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificates: string[];
};

export function usableSamlProvider(provider: SamlProviderRow): UsableSamlProvider {
  const certificates = (provider.samlCertificates ?? []).filter((c) => c.trim() !== '');
  if (provider.kind !== 'saml' || !provider.enabled || !provider.samlEntityId || !provider.samlSsoUrl || certificates.length === 0) {
    throw new AppError('not_found:identity_provider', 'This sign-in option is not available.');
  }
  return { id: provider.id, idpEntityId: provider.samlEntityId, idpSsoUrl: provider.samlSsoUrl, idpCertificates: certificates };
}
