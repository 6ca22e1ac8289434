import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateShareToken, isWellFormedShareToken, sha256Hex } from '@/lib/shares/share-token';
import { generateAccessCode, hashAccessAnswer, normalizeAccessAnswer, verifyAccessAnswer } from '@/lib/shares/access-check';
import { shareLinkRejection } from '@/lib/shares/link-state';

test('[SHARE] tokens are 256 random bits in base64url and differ every time', () => {
  const tokens = new Set(Array.from({ length: 1000 }, generateShareToken));
  assert.equal(tokens.size, 1000);
  for (const t of tokens) assert.ok(isWellFormedShareToken(t) && Buffer.from(t, 'base64url').length === 32);
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.ok(!isWellFormedShareToken('../../etc/passwd') && !isWellFormedShareToken(''));
});

test('[SHARE] access codes are 8 digits; answers are normalised before checking', () => {
  for (let i = 0; i < 100; i++) assert.match(generateAccessCode(), /^\d{8}$/);
  assert.equal(normalizeAccessAnswer('code', ' 1234 5678 '), '12345678');
  assert.equal(normalizeAccessAnswer('code', '1234-5678'), '12345678');
  assert.equal(normalizeAccessAnswer('code', '1234567'), null);
  assert.equal(normalizeAccessAnswer('birth_date', '1980-03-07'), '1980-03-07');
  assert.equal(normalizeAccessAnswer('birth_date', '1980-02-30'), null, 'not a real date');
  assert.equal(normalizeAccessAnswer('birth_date', '07/03/1980'), null);
});

test('[SHARE] the stored answer is a slow hash that verifies only the right answer', async () => {
  const stored = await hashAccessAnswer('1980-03-07');
  assert.match(stored, /^\$argon2id\$/);
  assert.ok(!stored.includes('1980'));
  assert.equal(await verifyAccessAnswer(stored, '1980-03-07'), true);
  assert.equal(await verifyAccessAnswer(stored, '1980-03-08'), false);
  assert.equal(await verifyAccessAnswer(stored, null), false);
});

test('[SHARE] revoked beats locked beats expired; an active link has no rejection', () => {
  const past = new Date(Date.now() - 1000);
  const future = new Date(Date.now() + 60_000);
  assert.equal(shareLinkRejection({ revokedAt: past, lockedAt: past, expiresAt: past }), 'revoked');
  assert.equal(shareLinkRejection({ revokedAt: null, lockedAt: past, expiresAt: past }), 'locked');
  assert.equal(shareLinkRejection({ revokedAt: null, lockedAt: null, expiresAt: past }), 'expired');
  assert.equal(shareLinkRejection({ revokedAt: null, lockedAt: null, expiresAt: future }), null);
});
