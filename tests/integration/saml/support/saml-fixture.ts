// One real IdP (simplesamlphp) per test file, a facility, and SAML providers that
// trust it. Each provider is a separate SP registration at the IdP, so a response
// issued for one is a realistic "wrong audience" for another.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { identityProviders, samlAssertionIds, samlRequests } from '@/db/schema';
import { findFreePort } from '@/lib/embedded/free-port';
import { startSamlSignIn } from '@/lib/auth/saml/start-saml-sign-in';
import { createFacility } from '../../../support/test-data';
import { startSamlIdp, type SamlIdp } from '../../../support/saml-idp/start-saml-idp';
import { IdpCookieJar, signInAtIdp } from '../../../support/saml-idp/sign-in-at-idp';
import type { SamlTestUser } from '../../../support/saml-idp/saml-test-users';

export const publicOrigin = 'http://localhost:23000';

export type ProviderRow = typeof identityProviders.$inferSelect;

export type SamlFixture = {
  idp: SamlIdp;
  facilityId: string;
  /** Response and Assertion both signed (simplesamlphp's default), basic attribute names. */
  bothSigned: ProviderRow;
  /** Only the Assertion signed, attributes named by OID: the shape XSW attacks aim at. */
  assertionOnly: ProviderRow;
  stop(): Promise<void>;
};

export async function startSamlFixture(): Promise<SamlFixture> {
  const facility = await createFacility();
  const bothSignedId = randomUUID();
  const assertionOnlyId = randomUUID();
  const idp = await startSamlIdp({
    port: await findFreePort(),
    spProviders: [
      { providerId: bothSignedId, publicOrigin },
      { providerId: assertionOnlyId, publicOrigin, signResponse: false, attributeNames: 'oid' },
    ],
  });
  const insert = async (id: string, displayName: string) => {
    const [row] = await db()
      .insert(identityProviders)
      .values({ id, facilityId: facility.id, kind: 'saml', displayName, samlEntityId: idp.entityId, samlSsoUrl: idp.ssoUrl, samlCertificates: [idp.certificatePem] })
      .returning();
    return row!;
  };
  return {
    idp,
    facilityId: facility.id,
    bothSigned: await insert(bothSignedId, 'Test IdP (response + assertion signed)'),
    assertionOnly: await insert(assertionOnlyId, 'Test IdP (assertion signed, OID attributes)'),
    stop: () => idp.stop(),
  };
}

/** Starts a sign-in at our SP and logs in at the IdP's real login page: a genuine, unused response. */
export async function genuineResponse(provider: ProviderRow, user: SamlTestUser, jar = new IdpCookieJar()) {
  const start = await startSamlSignIn(provider, publicOrigin);
  const postBack = await signInAtIdp(start.redirectUrl, user, jar);
  return { ...start, ...postBack, jar };
}

export async function pendingRequest(requestId: string) {
  return (await db().select().from(samlRequests).where(eq(samlRequests.id, requestId)))[0];
}

export async function rememberedAssertionIds(providerId: string) {
  return (await db().select().from(samlAssertionIds).where(eq(samlAssertionIds.providerId, providerId))).map((r) => r.assertionId);
}
