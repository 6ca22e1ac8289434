// Configuring a facility's SAML IdP (pasted metadata, or entity id + SSO URL +
// certificate), our SP metadata and URLs, and the attribute mapping table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { closeDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { normalizeCertificate } from '@/lib/auth/saml/normalize-certificate';
import { parseIdpMetadata } from '@/lib/auth/saml/parse-idp-metadata';
import { mapSamlAttributes } from '@/lib/auth/saml/saml-attributes';
import { samlIdpSettings } from '@/lib/auth/saml/saml-idp-settings';
import { samlSpConfig } from '@/lib/auth/saml/sp-config';
import { samlSpMetadataXml } from '@/lib/auth/saml/sp-metadata';
import { verifySamlResponse } from '@/lib/auth/saml/verify-saml-response';
import { otherSigningKey } from '../../support/saml-idp/craft-saml-response';
import { genuineResponse, publicOrigin, startSamlFixture, type SamlFixture } from './support/saml-fixture';

let f: SamlFixture;
before(async () => { f = await startSamlFixture(); });
after(async () => {
  await f?.stop();
  await closeDb();
});

const refusedWith = (code: string, pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, code);
  assert.match(err.publicMessage, pattern);
  return true;
};

const idpMetadata = (entities: string) =>
  `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${entities}</md:EntitiesDescriptor>`;
const idpEntity = (entityId: string, ssoUrl: string, certBase64: string, use = 'signing') =>
  `<md:EntityDescriptor entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
  `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('SAML IdP configuration', () => {
  it("[SAML] the real IdP's metadata parses into its entity id, HTTP-Redirect SSO URL and signing certificate, and signs in", async () => {
    const parsed = parseIdpMetadata(await (await fetch(f.idp.metadataUrl)).text());
    assert.equal(parsed.entityId, f.idp.entityId);
    assert.equal(parsed.ssoUrl, f.idp.ssoUrl);
    assert.equal(parsed.ssoBinding, 'HTTP-Redirect');
    assert.deepEqual(parsed.certificates, [normalizeCertificate(f.idp.certificatePem)]);
    const provider = { ...f.bothSigned, samlEntityId: parsed.entityId, samlSsoUrl: parsed.ssoUrl, samlCertificates: parsed.certificates };
    const g = await genuineResponse(provider, f.idp.users[0]!);
    assert.equal((await verifySamlResponse(provider, publicOrigin, g.samlResponse)).nameId, 'u-1001');
  });

  it('[SAML] metadata with only an HTTP-POST SSO endpoint says so; encryption-only keys are not taken as signing keys', () => {
    const cert = bare(otherSigningKey().certificatePem);
    const parsed = parseIdpMetadata(idpMetadata(idpEntity('https://idp.example.org', 'https://idp.example.org/sso', cert)));
    assert.equal(parsed.ssoBinding, 'HTTP-POST');
    assert.throws(
      () => parseIdpMetadata(idpMetadata(idpEntity('https://idp.example.org', 'https://idp.example.org/sso', cert, 'encryption'))),
      refusedWith('unprocessable:saml_metadata', /no signing certificate/),
    );
  });

  it('[SAML] unusable metadata is refused with a message that says what is wrong', () => {
    const cert = bare(otherSigningKey().certificatePem);
    const cases: [string, string, RegExp][] = [
      ['<md:EntityDescriptor', 'unprocessable:saml_metadata', /not valid metadata XML/],
      ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'unprocessable:saml_metadata', /DOCTYPE/],
      [samlSpMetadataXml(f.bothSigned.id, publicOrigin), 'unprocessable:saml_metadata', /No identity provider/],
      [idpMetadata(idpEntity('https://a.example', 'https://a.example/sso', cert) + idpEntity('https://b.example', 'https://b.example/sso', cert)), 'unprocessable:saml_metadata', /2 identity providers/],
      [idpMetadata(idpEntity('https://a.example', 'http://a.example/sso', cert)), 'unprocessable:saml_idp_settings', /https/],
      [idpMetadata(idpEntity('https://a.example', 'https://a.example/sso', 'AAAA' + cert.slice(10))), 'unprocessable:saml_idp_settings', /certificate 1/],
    ];
    for (const [xml, code, pattern] of cases) assert.throws(() => parseIdpMetadata(xml), refusedWith(code, pattern), xml.slice(0, 60));
  });

  it('[SAML] settings entered by hand are validated and the certificate normalized to PEM', () => {
    const key = otherSigningKey();
    const settings = samlIdpSettings({ entityId: ' https://idp.example.org ', ssoUrl: 'https://idp.example.org/sso', certificates: [bare(key.certificatePem), key.certificatePem] });
    assert.deepEqual(settings, { entityId: 'https://idp.example.org', ssoUrl: 'https://idp.example.org/sso', certificates: [normalizeCertificate(key.certificatePem)] });
    assert.throws(() => samlIdpSettings({ entityId: '', ssoUrl: 'https://x.example', certificates: [key.certificatePem] }), refusedWith('unprocessable:saml_idp_settings', /entity id/));
    assert.throws(() => samlIdpSettings({ entityId: 'x', ssoUrl: 'https://x.example', certificates: [] }), refusedWith('unprocessable:saml_idp_settings', /certificate/));
    assert.throws(() => samlIdpSettings({ entityId: 'x', ssoUrl: 'https://x.example', certificates: ['hello'] }), refusedWith('unprocessable:saml_idp_settings', /certificate 1/));
  });
});

describe('our SP side', () => {
  it('[SAML] our SP metadata names our entity id and HTTP-POST ACS, asks for signed assertions and a persistent NameID, and carries no keys', () => {
    const sp = samlSpConfig(f.bothSigned.id, publicOrigin);
    const doc = new DOMParser().parseFromString(samlSpMetadataXml(f.bothSigned.id, publicOrigin), 'text/xml');
    const root = doc.documentElement!;
    assert.equal(root.getAttribute('entityID'), sp.entityId);
    const spsso = root.getElementsByTagName('SPSSODescriptor')[0]!;
    assert.equal(spsso.getAttribute('WantAssertionsSigned'), 'true');
    assert.equal(spsso.getAttribute('AuthnRequestsSigned'), 'false');
    const acs = spsso.getElementsByTagName('AssertionConsumerService')[0]!;
    assert.equal(acs.getAttribute('Location'), sp.acsUrl);
    assert.equal(acs.getAttribute('Binding'), 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    assert.equal(spsso.getElementsByTagName('NameIDFormat')[0]?.textContent, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    assert.equal(spsso.getElementsByTagName('KeyDescriptor').length, 0);
  });

  it('[SAML] SP URLs derive from the public origin alone and accept only a uuid provider id', () => {
    const id = '0d7f4a52-3c1e-4b8a-9f2d-5e6a7b8c9d0e';
    assert.deepEqual(samlSpConfig(id, 'https://scans.example.org/some/path/'), {
      entityId: `https://scans.example.org/api/auth/saml/${id}/metadata`,
      acsUrl: `https://scans.example.org/api/auth/saml/${id}/acs`,
    });
    assert.throws(() => samlSpConfig('../../admin', 'https://scans.example.org'), /not a uuid/);
  });

  it('[SAML] attribute mapping reads common names (LDAP, OID, Entra ID) and unions the group attributes', () => {
    assert.deepEqual(
      mapSamlAttributes({
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'Dana@Clinic.Example',
        'http://schemas.microsoft.com/identity/claims/displayname': 'Dana Radiology',
        'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': ['g-1', 'g-2'],
        memberOf: 'g-2',
        eduPersonAffiliation: ['staff'],
        cn: { complex: 'value' },
      }),
      { email: 'dana@clinic.example', displayName: 'Dana Radiology', groups: ['g-1', 'g-2', 'staff'] },
    );
    assert.deepEqual(mapSamlAttributes({ 'urn:oid:0.9.2342.19200300.100.1.3': 'x@y.example', 'urn:oid:2.5.4.3': 'X Y' }), { email: 'x@y.example', displayName: 'X Y', groups: [] });
    assert.deepEqual(mapSamlAttributes({}), { groups: [] });
  });
});
