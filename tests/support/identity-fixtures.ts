// Institutional sign-in for the browser tests: a second facility ("Test General
// Hospital") whose admin connected a real OIDC provider (npm oidc-provider on
// loopback), configured the way an admin does it: a row in identity_providers.
import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { facilities, identityProviders } from '@/db/schema';
import { startOidcIdp } from './oidc-idp/start-oidc-idp';

export async function startIdentityFixtures(publicOrigin: string, oidcPort: number) {
  const [facility] = await db()
    .insert(facilities)
    .values({ slug: `tgh-${randomUUID().slice(0, 6)}`, name: 'Test General Hospital', maxLinkLifetimeDays: 30 })
    .returning();
  const providerId = randomUUID();
  const idp = await startOidcIdp({ port: oidcPort, redirectUris: [`${publicOrigin}/api/auth/callback/idp-${providerId}`] });
  await db()
    .insert(identityProviders)
    .values({
      id: providerId,
      facilityId: facility!.id,
      kind: 'oidc',
      displayName: 'TGH Login',
      oidcIssuer: idp.issuer,
      oidcClientId: idp.clientId,
      oidcClientSecret: idp.clientSecret,
      groupsClaim: 'groups',
      roleMapping: { 'imaging-frontdesk': ['front_desk'], 'imaging-admins': ['facility_admin'] },
    });
  return {
    env: { TEST_OIDC_PROVIDER_ID: providerId, TEST_OIDC_ISSUER: idp.issuer, TEST_IDP_FACILITY_ID: facility!.id },
    stop: idp.stop,
  };
}
