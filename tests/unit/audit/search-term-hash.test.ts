// The keyed hash kept in place of what compliance typed into an audit search, and
// the address scrubbing of free text headed for an audit row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSearchTermKey, normalizeSearchTerm, searchTermHash } from '@/lib/audit/search-term-hash';
import { withoutEmailAddresses } from '@/lib/audit/without-email-addresses';

const secret = 'a-test-secret-of-at-least-32-characters';

test('[AUDIT] a search term hashes as HKDF-SHA256 then HMAC-SHA256 of its normalized form (vector computed independently, in Python)', () => {
  assert.equal(searchTermHash('Doe Jane', deriveSearchTermKey(secret)), 'hmac-sha256:v1:cf0e6fc595cbe56e6d86e25c21b14b69edc757753f8520f0b3100098114e8990');
});

test('[AUDIT] the DICOM form, spacing and case of a term hash alike; other words and other keys do not', () => {
  const key = deriveSearchTermKey(secret);
  assert.equal(normalizeSearchTerm('  DOE^JANE\u00a0 '), 'doe jane');
  const h = searchTermHash('DOE^JANE', key);
  assert.equal(searchTermHash('doe   jane', key), h);
  assert.equal(searchTermHash('Doe Jane', key), h);
  assert.notEqual(searchTermHash('Doe Joan', key), h);
  assert.notEqual(searchTermHash('DOE^JANE', deriveSearchTermKey(`${secret}!`)), h, 'keyed: another key, another hash');
  assert.ok(!h.toLowerCase().includes('doe') && !h.includes('jane'));
});

test('[AUDIT] e-mail addresses are blanked in free text bound for an audit row', () => {
  assert.equal(withoutEmailAddresses('550 5.1.1 <jane.doe+x@example.org>: Recipient address rejected'), '550 5.1.1 <<address>>: Recipient address rejected');
  assert.equal(withoutEmailAddresses('to bob@a.test, carol@b.test failed'), 'to <address>, <address> failed');
  assert.equal(withoutEmailAddresses('Connection timeout'), 'Connection timeout');
});
