// Every way a SAML response must be refused, each from a genuine response the real
// IdP just issued, changed in one way. Each refusal must carry its specific code,
// leave nothing behind (the request stays pending, no assertion id is remembered),
// and — where the genuine response is still unused — that genuine response must
// then verify, proving the refusal was for the change and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { samlRequests } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { samlClient } from '@/lib/auth/saml/saml-client';
import { usableSamlProvider } from '@/lib/auth/saml/saml-provider';
import { verifySamlResponse } from '@/lib/auth/saml/verify-saml-response';
import { first, otherSigningKey, resign, stripSignatures, tamper, wrapSignature, type XswShape } from '../../support/saml-idp/craft-saml-response';
import { signInAtIdp } from '../../support/saml-idp/sign-in-at-idp';
import { genuineResponse, pendingRequest, publicOrigin, rememberedAssertionIds, startSamlFixture, type ProviderRow, type SamlFixture } from './support/saml-fixture';

let f: SamlFixture;
before(async () => { f = await startSamlFixture(); });
after(async () => {
  await f?.stop();
  await closeDb();
});

const alice = () => f.idp.users[0]!;
const idpKey = () => ({ privateKeyPem: f.idp.privateKeyPem, certificatePem: f.idp.certificatePem });
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Genuine = Awaited<ReturnType<typeof genuineResponse>>;

/** Asserts the refusal (code, readable message, 401/400), no side effects, and that the genuine response still works. */
async function expectRefused(provider: ProviderRow, crafted: string, code: string, genuine?: Genuine, messagePattern?: RegExp) {
  const before = await rememberedAssertionIds(provider.id);
  await assert.rejects(verifySamlResponse(provider, publicOrigin, crafted), (err: unknown) => {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.publicMessage.length > 20, 'a readable message');
    if (messagePattern) assert.match(err.publicMessage, messagePattern);
    return true;
  });
  assert.deepEqual(await rememberedAssertionIds(provider.id), before, 'no assertion id remembered');
  if (genuine) {
    assert.ok(await pendingRequest(genuine.requestId), 'the sign-in request is still pending');
    const identity = await verifySamlResponse(provider, publicOrigin, genuine.samlResponse);
    assert.equal(identity.nameId, alice().uid, 'the untouched response still verifies');
  }
}

describe('SAML responses that must be refused', () => {
  it('[SAML] a response whose signed NameID was changed is refused as badly signed', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = tamper(g.samlResponse, (xml) => xml.replace(/>u-1001<\/saml:NameID>/, '>u-1002</saml:NameID>'));
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_signature', g, /not validly signed/);
  });

  it('[SAML] an assertion-only signed response whose e-mail attribute was changed is refused as badly signed', async () => {
    const g = await genuineResponse(f.assertionOnly, alice());
    const crafted = tamper(g.samlResponse, (xml) => xml.replace('alice@hospital.test', 'bob@hospital.test'));
    await expectRefused(f.assertionOnly, crafted, 'unauthorized:saml_signature', g);
  });

  for (const which of ['bothSigned', 'assertionOnly'] as const) {
    it(`[SAML] an unsigned response (signatures stripped, ${which}) is refused`, async () => {
      const g = await genuineResponse(f[which], alice());
      await expectRefused(f[which], stripSignatures(g.samlResponse), 'unauthorized:saml_signature', g);
    });
  }

  it('[SAML] a response signed by a key that is not configured for the provider is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, otherSigningKey(), () => undefined);
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_signature', g);
  });

  const xsw: [XswShape, 'bothSigned' | 'assertionOnly'][] = [
    ['evil-sibling-before', 'assertionOnly'],
    ['evil-wraps-signed', 'assertionOnly'],
    ['same-id-signed-in-extensions', 'assertionOnly'],
    ['evil-sibling-before', 'bothSigned'],
    ['response-wrapped-in-signature-object', 'bothSigned'],
  ];
  for (const [shape, which] of xsw) {
    it(`[SAML] a signature-wrapping attack (${shape}, ${which}) is refused and never yields the evil NameID`, async () => {
      const g = await genuineResponse(f[which], alice());
      await expectRefused(f[which], wrapSignature(g.samlResponse, shape, 'u-1002'), 'unauthorized:saml_signature', g);
    });
  }

  it('[SAML] an expired response (Conditions NotOnOrAfter two minutes ago, beyond the 60 s skew) is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      first(doc, 'saml', 'Conditions').setAttribute('NotBefore', minutesFromNow(-10));
      first(doc, 'saml', 'Conditions').setAttribute('NotOnOrAfter', minutesFromNow(-2));
      first(doc, 'saml', 'SubjectConfirmationData').setAttribute('NotOnOrAfter', minutesFromNow(-2));
    });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_expired', g, /expired/);
  });

  it('[SAML] a response whose bearer confirmation expired (Conditions still valid) is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      first(doc, 'saml', 'SubjectConfirmationData').setAttribute('NotOnOrAfter', minutesFromNow(-2));
    });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_expired', g);
  });

  it('[SAML] a response not yet valid (NotBefore two minutes ahead) is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => first(doc, 'saml', 'Conditions').setAttribute('NotBefore', minutesFromNow(2)));
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_expired', g);
  });

  it('[SAML] a response that expired 30 s ago is still accepted (within the bounded clock skew)', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      first(doc, 'saml', 'Conditions').setAttribute('NotOnOrAfter', minutesFromNow(-0.5));
      first(doc, 'saml', 'SubjectConfirmationData').setAttribute('NotOnOrAfter', minutesFromNow(-0.5));
    });
    assert.equal((await verifySamlResponse(f.bothSigned, publicOrigin, crafted)).nameId, alice().uid);
  });

  it('[SAML] a response for another audience is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => { first(doc, 'saml', 'Audience').textContent = 'https://other-service.test/saml/metadata'; });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_audience', g, /different service/);
  });

  it("[SAML] a genuine response issued for one provider is refused at another provider's ACS (same IdP, same key)", async () => {
    const g = await genuineResponse(f.assertionOnly, alice());
    await expectRefused(f.bothSigned, g.samlResponse, 'unauthorized:saml_audience');
  });

  it('[SAML] a response whose Destination is another endpoint is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => doc.documentElement.setAttribute('Destination', 'https://elsewhere.test/acs'));
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_destination', g, /different sign-in endpoint/);
  });

  it('[SAML] a response whose signed Recipient is another endpoint is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => first(doc, 'saml', 'SubjectConfirmationData').setAttribute('Recipient', 'https://elsewhere.test/acs'));
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_destination', g);
  });

  it('[SAML] a response signed with the right key but naming another issuer is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      for (const issuer of Array.from(doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer'))) issuer.textContent = 'https://other-idp.test';
    });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_issuer', g);
  });

  it('[SAML] a response to a request we never stored (unknown InResponseTo) is refused', async () => {
    const usable = usableSamlProvider(f.bothSigned);
    const url = await samlClient(usable, publicOrigin, `_${'0'.repeat(40)}`).getAuthorizeUrlAsync('', undefined, {});
    const { samlResponse } = await signInAtIdp(url, alice());
    await expectRefused(f.bothSigned, samlResponse, 'unauthorized:saml_in_response_to', undefined, /pending sign-in/);
  });

  it('[SAML] a response to an expired request is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    await db().update(samlRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(samlRequests.id, g.requestId));
    await expectRefused(f.bothSigned, g.samlResponse, 'unauthorized:saml_in_response_to');
  });

  it('[SAML] a second, different response to an already answered request is refused (InResponseTo is single-use)', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    await verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse);
    // The same AuthnRequest again in the same browser: the IdP answers it anew (new assertion id).
    const again = await signInAtIdp(g.redirectUrl, alice(), g.jar);
    assert.equal(again.loginPageShown, false);
    await expectRefused(f.bothSigned, again.samlResponse, 'unauthorized:saml_in_response_to');
  });

  it('[SAML] an unsolicited response (no InResponseTo: IdP-initiated) is refused', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      doc.documentElement.removeAttribute('InResponseTo');
      first(doc, 'saml', 'SubjectConfirmationData').removeAttribute('InResponseTo');
    });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_in_response_to', g, /pending sign-in/);
  });

  it("[SAML] an assertion-only signed response whose unsigned InResponseTo was changed to another request is refused", async () => {
    const g = await genuineResponse(f.assertionOnly, alice());
    const other = await genuineResponse(f.assertionOnly, alice());
    const crafted = tamper(g.samlResponse, (xml) => xml.replace(`InResponseTo="${g.requestId}"`, `InResponseTo="${other.requestId}"`));
    await expectRefused(f.assertionOnly, crafted, 'unauthorized:saml_in_response_to', g);
  });

  it('[SAML] the same valid response posted twice is refused the second time as a replay', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const identity = await verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse);
    await expectRefused(f.bothSigned, g.samlResponse, 'unauthorized:saml_replayed', undefined, /already been used/);
    assert.equal((await rememberedAssertionIds(f.bothSigned.id)).filter((id) => id === identity.assertionId).length, 1);
  });

  it('[SAML] the same valid response posted twice at once is accepted exactly once', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const results = await Promise.allSettled([1, 2, 3].map(() => verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'unauthorized:saml_replayed');
  });

  it('[SAML] a transient NameID is refused: it cannot key an identity', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => first(doc, 'saml', 'NameID').setAttribute('Format', 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'));
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_subject', g);
  });

  it('[SAML] an IdP error status is refused with that status', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    const crafted = resign(g.samlResponse, idpKey(), (doc) => {
      doc.documentElement.removeChild(first(doc, 'saml', 'Assertion'));
      const status = first(doc, 'samlp', 'StatusCode');
      status.setAttribute('Value', 'urn:oasis:names:tc:SAML:2.0:status:Responder');
      const inner = doc.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:StatusCode');
      inner.setAttribute('Value', 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed');
      status.appendChild(inner);
    });
    await expectRefused(f.bothSigned, crafted, 'unauthorized:saml_status', g, /AuthnFailed/);
  });

  it('[SAML] input that is not a SAML response (not base64, not XML, a DOCTYPE) is refused as a bad request', async () => {
    const doctype = Buffer.from('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>').toString('base64');
    for (const input of ['not base64 at all!', Buffer.from('hello').toString('base64'), Buffer.from('<samlp:Response').toString('base64'), doctype]) {
      await expectRefused(f.bothSigned, input, 'bad_request:saml_response');
    }
  });

  it('[SAML] a disabled provider refuses any response as not found', async () => {
    const g = await genuineResponse(f.bothSigned, alice());
    await assert.rejects(verifySamlResponse({ ...f.bothSigned, enabled: false }, publicOrigin, g.samlResponse), (err: AppError) => err.code === 'not_found:identity_provider');
    assert.ok(await pendingRequest(g.requestId));
  });
});
