import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emailDomainsText } from '@/lib/identity-providers/email-domain-rules';
import { identityFromOidcClaims } from '@/lib/auth/oidc-identity';

const provider = { oidcIssuer: 'https://login.hospital.org', groupsClaim: 'groups' };

describe('[IDENTITY] e-mail domains an identity provider may assert', () => {
  test('are normalised, de-duplicated and sorted, one per line or comma-separated', () => {
    assert.deepEqual(emailDomainsText.parse(' Hospital.ORG\n@radiology.hospital.org., hospital.org '), ['hospital.org', 'radiology.hospital.org']);
    assert.deepEqual(emailDomainsText.parse(''), []);
  });

  test('refuse wildcards, addresses, bare names and public mailbox providers', () => {
    for (const text of ['*.hospital.org', 'dr@hospital.org', 'localhost', 'gmail.com', 'Outlook.com']) {
      assert.equal(emailDomainsText.safeParse(text).success, false, text);
    }
  });
});

describe('[IDENTITY] OIDC claims', () => {
  test('email_verified counts only as the boolean true', () => {
    const verified = (email_verified: unknown) => identityFromOidcClaims(provider, { sub: 's', email: 'dr@hospital.org', email_verified }).emailVerified;
    assert.equal(verified(true), true);
    for (const value of [false, 'true', 1, undefined, null]) assert.equal(verified(value), false, String(value));
    assert.equal(identityFromOidcClaims(provider, { sub: 's', email_verified: true }).emailVerified, false, 'no address, nothing verified');
  });

  test('groups come from the configured claim, as a list or a single string', () => {
    assert.deepEqual(identityFromOidcClaims(provider, { sub: 's', groups: ['a', 'b'] }).groups, ['a', 'b']);
    assert.deepEqual(identityFromOidcClaims({ ...provider, groupsClaim: 'roles' }, { sub: 's', roles: 'radiology' }).groups, ['radiology']);
  });
});
