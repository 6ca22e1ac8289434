// Institutional sign-in for the browser tests: a second facility ("Test General
// Hospital") whose admin connected two real identity providers on loopback, an
// OIDC one (npm oidc-provider) and a SAML one (Debian simplesamlphp under php -S),
// configured the way an admin does it: rows in identity_providers.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, identityProviders } from '@/db/schema';
import { startOidcIdp } from './oidc-idp/start-oidc-idp';
import { startSamlIdp } from './saml-idp/start-saml-idp';
import { defaultSamlUsers } from './saml-idp/saml-test-users';

export async function startIdentityFixtures(publicOrigin: string, oidcPort: number, samlPort: number) {
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
      roleMapping: { 'imaging-frontdesk': ['front_desk'], 'imaging-admins': ['facility_admin'], 'imaging-clinicians': ['clinician'] },
    });
  const samlProviderId = randomUUID();
  const samlIdp = await startSamlIdp({
    port: samlPort,
    spProviders: [{ providerId: samlProviderId, publicOrigin }],
    users: [
      ...defaultSamlUsers,
      { username: 'saml.dana', password: 'dana-password', uid: 'u-1004', email: 'dana@hospital.test', displayName: 'Dana Saml', groups: ['imaging-frontdesk'] },
    ],
  });
  await db()
    .insert(identityProviders)
    .values({
      id: samlProviderId,
      facilityId: facility!.id,
      kind: 'saml',
      displayName: 'TGH SAML',
      samlEntityId: samlIdp.entityId,
      samlSsoUrl: samlIdp.ssoUrl,
      samlCertificates: [samlIdp.certificatePem],
      roleMapping: { 'imaging-frontdesk': ['front_desk'], 'imaging-admins': ['facility_admin'] },
    });
  // The admin declares the domain both providers may assert, so their users' addresses
  // there count for the specialist inbox (no other facility claims hospital.test).
  // Named columns only: the runtime role may not write a claim's approval.
  for (const id of [providerId, samlProviderId]) {
    await db().execute(sql`insert into identity_provider_email_domains (provider_id, domain) values (${id}, 'hospital.test')`);
  }
  return {
    env: {
      TEST_OIDC_PROVIDER_ID: providerId,
      TEST_OIDC_ISSUER: idp.issuer,
      TEST_SAML_PROVIDER_ID: samlProviderId,
      TEST_SAML_IDP_URL: samlIdp.baseUrl,
      TEST_IDP_FACILITY_ID: facility!.id,
    },
    stop: async () => {
      await idp.stop();
      await samlIdp.stop();
    },
  };
}
