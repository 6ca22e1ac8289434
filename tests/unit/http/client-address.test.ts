// Which address the audit log records: only hops our own proxies appended are
// believed, read from the right; what comes out is a normalised IP or null.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddressFrom, normalizeIp, parseTrustedProxyList, proxyTrust, trustNoProxy } from '@/lib/http/client-address';
import { parseEnv } from '@/lib/env';

const formula = "=cmd|' /C calc'!A0";

describe('[AUDIT-IP] normalizeIp', () => {
  test('IPv4 stays a dotted quad; IPv6 is lower case and compressed; a mapped IPv4 is its IPv4', () => {
    assert.equal(normalizeIp('203.0.113.7'), '203.0.113.7');
    assert.equal(normalizeIp(' 203.0.113.7 '), '203.0.113.7');
    assert.equal(normalizeIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normalizeIp('::FFFF:203.0.113.7'), '203.0.113.7');
    assert.equal(normalizeIp('::ffff:cb00:7107'), '203.0.113.7');
    assert.equal(normalizeIp('::1'), '::1');
  });
  test('the forms proxies write: brackets, ports, a zone', () => {
    assert.equal(normalizeIp('[2001:db8::1]'), '2001:db8::1');
    assert.equal(normalizeIp('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(normalizeIp('203.0.113.7:51234'), '203.0.113.7');
    assert.equal(normalizeIp('fe80::1%eth0'), 'fe80::1');
  });
  test('anything else is not an address', () => {
    for (const text of [formula, '', 'unknown', '01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5', 'localhost', '1.2.3.4 5.6.7.8', '<script>', '1.2.3.4/24']) {
      assert.equal(normalizeIp(text), null, text);
    }
  });
});

describe('[AUDIT-IP] clientAddressFrom', () => {
  test('no trusted proxy: the socket peer, whatever X-Forwarded-For says', () => {
    assert.equal(clientAddressFrom('198.51.100.4', '203.0.113.7', trustNoProxy), '198.51.100.4');
    assert.equal(clientAddressFrom('198.51.100.4', formula, trustNoProxy), '198.51.100.4');
    assert.equal(clientAddressFrom('::ffff:198.51.100.4', null, trustNoProxy), '198.51.100.4');
  });
  test('no peer (not started through the portal server): nothing is believed', () => {
    assert.equal(clientAddressFrom(null, '203.0.113.7', proxyTrust({ hops: 1, list: '' })), null);
    assert.equal(clientAddressFrom(formula, null, trustNoProxy), null);
  });
  test('one trusted hop: the address that proxy saw, not what the client wrote before it', () => {
    const oneHop = proxyTrust({ hops: 1, list: '' });
    assert.equal(clientAddressFrom('10.0.0.2', '203.0.113.7', oneHop), '203.0.113.7');
    assert.equal(clientAddressFrom('10.0.0.2', `${formula}, 1.1.1.1, 203.0.113.7`, oneHop), '203.0.113.7');
    assert.equal(clientAddressFrom('10.0.0.2', null, oneHop), '10.0.0.2');
  });
  test('two hops: two in from the right', () => {
    const twoHops = proxyTrust({ hops: 2, list: '' });
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1, 203.0.113.7, 10.0.0.9', twoHops), '203.0.113.7');
  });
  test('trusted by address: a chain of our proxies is walked until the first stranger', () => {
    const ours = proxyTrust({ hops: 0, list: '10.0.0.0/8, fd00::/8' });
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1, 203.0.113.7, fd00::5, 10.1.2.3', ours), '203.0.113.7');
    // A direct request from outside: its X-Forwarded-For is not believed.
    assert.equal(clientAddressFrom('203.0.113.50', '10.0.0.7', ours), '203.0.113.50');
    // The client named one of our proxies as itself: still the leftmost hop we reached.
    assert.equal(clientAddressFrom('10.0.0.2', '10.0.0.3', ours), '10.0.0.3');
  });
  test('a malformed hop where an address is needed gives null, never the text', () => {
    const oneHop = proxyTrust({ hops: 1, list: '' });
    assert.equal(clientAddressFrom('10.0.0.2', formula, oneHop), null);
    assert.equal(clientAddressFrom('10.0.0.2', '203.0.113.7, ', oneHop), null);
    assert.equal(clientAddressFrom('10.0.0.2', 'unknown', oneHop), null);
  });
});

describe('[AUDIT-IP] configuration', () => {
  test('addresses and ranges, commas or spaces', () => {
    const list = parseTrustedProxyList('127.0.0.2 10.0.0.0/8,fd00::/8 , ::1');
    assert.ok(list.check('10.200.0.1', 'ipv4'));
    assert.ok(list.check('127.0.0.2', 'ipv4'));
    assert.ok(!list.check('127.0.0.1', 'ipv4'));
    assert.ok(list.check('fd12::1', 'ipv6'));
    assert.ok(list.check('::1', 'ipv6'));
  });
  test('a bad entry stops the portal at start, naming it', () => {
    const base = { DATABASE_URL: 'postgres://u:p@db.internal:5432/scanshare', NEXTAUTH_SECRET: 'x'.repeat(32), S3_BUCKET: 'scans' };
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2', '::1/129', 'all']) {
      assert.throws(() => parseEnv({ ...base, TRUSTED_PROXIES: bad }), (err: Error) => err.message.includes('TRUSTED_PROXIES') && err.message.includes(bad), bad);
    }
    assert.throws(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: '-1' }), /TRUSTED_PROXY_HOPS/);
    const parsed = parseEnv(base);
    assert.equal(parsed.TRUSTED_PROXIES, '');
    assert.equal(parsed.TRUSTED_PROXY_HOPS, 0);
  });
});
