import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayBeServerAction } from '@/lib/http/server-action-request';

const headers = (entries: Record<string, string>) => new Headers(entries);

test('[CSRF] a POST with the Next-Action header, or with a form body, may be a server action', () => {
  assert.equal(mayBeServerAction('POST', headers({ 'next-action': 'abc', 'content-type': 'text/plain;charset=UTF-8' })), true);
  assert.equal(mayBeServerAction('POST', headers({ 'content-type': 'multipart/form-data; boundary=----x' })), true);
  assert.equal(mayBeServerAction('POST', headers({ 'content-type': 'application/x-www-form-urlencoded' })), true);
  assert.equal(mayBeServerAction('POST', headers({ 'content-type': 'Multipart/Form-Data; boundary=x' })), true);
});

test('[CSRF] reads and other bodies are not server actions', () => {
  assert.equal(mayBeServerAction('GET', headers({ 'next-action': 'abc' })), false);
  assert.equal(mayBeServerAction('HEAD', headers({})), false);
  assert.equal(mayBeServerAction('POST', headers({ 'content-type': 'application/json' })), false);
  assert.equal(mayBeServerAction('POST', headers({})), false);
});
