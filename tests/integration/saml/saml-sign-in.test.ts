// SAML sign-in against a real IdP (simplesamlphp) through its real login page:
// the AuthnRequest we send, and the verified identity we get back.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { samlAssertionIds } from '@/db/schema';
import { verifySamlResponse } from '@/lib/auth/saml/verify-saml-response';
import { samlRequestLifetimeMs, startSamlSignIn } from '@/lib/auth/saml/start-saml-sign-in';
import { samlSpConfig } from '@/lib/auth/saml/sp-config';
import { otherSigningKey } from '../../support/saml-idp/craft-saml-response';
import { genuineResponse, pendingRequest, publicOrigin, startSamlFixture, type SamlFixture } from './support/saml-fixture';

let f: SamlFixture;
before(async () => { f = await startSamlFixture(); });
after(async () => {
  await f?.stop();
  await closeDb();
});

const user = (username: string) => f.idp.users.find((u) => u.username === username)!;

describe('SAML sign-in through simplesamlphp', () => {
  it('[SAML] starting a sign-in stores the AuthnRequest ID for ten minutes and redirects to the IdP with that request', async () => {
    const start = await startSamlSignIn(f.bothSigned, publicOrigin);
    const url = new URL(start.redirectUrl);
    assert.equal(`${url.origin}${url.pathname}`, f.idp.ssoUrl);
    const request = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const sp = samlSpConfig(f.bothSigned.id, publicOrigin);
    assert.match(request, new RegExp(`ID="${start.requestId}"`));
    assert.match(request, new RegExp(`Destination="${f.idp.ssoUrl}"`));
    assert.match(request, new RegExp(`AssertionConsumerServiceURL="${sp.acsUrl}"`));
    assert.ok(request.includes(`>${sp.entityId}</saml:Issuer>`));
    const row = await pendingRequest(start.requestId);
    assert.equal(row?.providerId, f.bothSigned.id);
    assert.ok(Math.abs(row!.expiresAt.getTime() - (Date.now() + samlRequestLifetimeMs)) < 5000);
  });

  it('[SAML] a sign-in at the real login page yields issuer, persistent NameID, e-mail, name and groups, and uses up the request', async () => {
    const g = await genuineResponse(f.bothSigned, user('admin.bob'));
    assert.equal(g.loginPageShown, true);
    assert.equal(g.acsUrl, samlSpConfig(f.bothSigned.id, publicOrigin).acsUrl);
    const identity = await verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse);
    assert.equal(identity.issuer, f.idp.entityId);
    assert.equal(identity.nameId, 'u-1002');
    assert.equal(identity.nameIdFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    assert.equal(identity.email, 'bob@hospital.test');
    assert.equal(identity.displayName, 'Bob Admin');
    assert.deepEqual(identity.groups, ['imaging-admins', 'imaging-frontdesk']);
    assert.match(identity.sessionIndex ?? '', /^_/);
    assert.equal(await pendingRequest(g.requestId), undefined, 'the request is single-use');
    const [remembered] = await db().select().from(samlAssertionIds).where(eq(samlAssertionIds.assertionId, identity.assertionId));
    // Remembered until the assertion's NotOnOrAfter (simplesamlphp: 5 min) plus the clock skew.
    const ttl = remembered!.expiresAt.getTime() - Date.now();
    assert.ok(ttl > 5 * 60_000 && ttl <= 6 * 60_000 + 5000, `replay cache ttl ${ttl} ms`);
  });

  it('[SAML] an assertion-only signed response with OID-named attributes gives the same profile', async () => {
    const g = await genuineResponse(f.assertionOnly, user('frontdesk.alice'));
    const identity = await verifySamlResponse(f.assertionOnly, publicOrigin, g.samlResponse);
    assert.deepEqual(
      { nameId: identity.nameId, email: identity.email, displayName: identity.displayName, groups: identity.groups },
      { nameId: 'u-1001', email: 'alice@hospital.test', displayName: 'Alice Frontdesk', groups: ['imaging-frontdesk'] },
    );
  });

  it('[SAML] the same person gets the same NameID at every sign-in, and a person in no group gets no groups', async () => {
    const first = await verifySamlResponse(f.bothSigned, publicOrigin, (await genuineResponse(f.bothSigned, user('nobody.carol'))).samlResponse);
    const again = await verifySamlResponse(f.bothSigned, publicOrigin, (await genuineResponse(f.bothSigned, user('nobody.carol'))).samlResponse);
    assert.equal(first.nameId, 'u-1003');
    assert.equal(again.nameId, first.nameId);
    assert.notEqual(again.assertionId, first.assertionId);
    assert.deepEqual(first.groups, []);
  });

  it('[SAML] a second sign-in in the same browser reuses the IdP session without showing the login page', async () => {
    const g1 = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    const g2 = await genuineResponse(f.bothSigned, user('frontdesk.alice'), g1.jar);
    assert.equal(g2.loginPageShown, false);
    assert.equal((await verifySamlResponse(f.bothSigned, publicOrigin, g2.samlResponse)).nameId, 'u-1001');
  });

  it('[SAML] during a key rollover a response verifies against either configured certificate', async () => {
    const rollover = { ...f.bothSigned, samlCertificates: [otherSigningKey().certificatePem, f.idp.certificatePem] };
    const g = await genuineResponse(rollover, user('admin.bob'));
    assert.equal((await verifySamlResponse(rollover, publicOrigin, g.samlResponse)).nameId, 'u-1002');
  });
});
