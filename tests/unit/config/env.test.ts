import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationError, parseEnv } from '@/lib/env';

const base = {
  DATABASE_URL: 'postgres://u:p@db.internal:5432/scanshare',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  S3_BUCKET: 'scans',
};

test('[CONFIG] a complete production configuration parses, with defaults filled in', () => {
  const env = parseEnv({ ...base, NODE_ENV: 'production' });
  assert.equal(env.PRESIGN_TTL_SECONDS, 120);
  assert.equal(env.SCANSHARE_DEMO, false);
});

test('[CONFIG] every problem is listed at once, readably', () => {
  assert.throws(
    () => parseEnv({ NEXTAUTH_SECRET: 'short', S3_ACCESS_KEY_ID: 'only-one' }),
    (err) =>
      err instanceof ConfigurationError &&
      /DATABASE_URL: is required/.test(err.message) &&
      /NEXTAUTH_SECRET: must be at least 32 characters/.test(err.message) &&
      /S3_BUCKET: is required/.test(err.message),
  );
  assert.throws(() => parseEnv({ ...base, S3_ACCESS_KEY_ID: 'only-one' }), /set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
});

test('[CONFIG] the demo sign-in is refused in production unless embedded or explicitly allowed', () => {
  assert.throws(() => parseEnv({ ...base, NODE_ENV: 'production', SCANSHARE_DEMO: 'true' }), /demo sign-in is refused in production/);
  assert.equal(parseEnv({ ...base, NODE_ENV: 'production', SCANSHARE_DEMO: 'true', SCANSHARE_EMBEDDED: 'true' }).SCANSHARE_DEMO, true);
  assert.equal(parseEnv({ ...base, NODE_ENV: 'production', SCANSHARE_DEMO: 'true', SCANSHARE_ALLOW_DEMO_IN_PRODUCTION: 'true' }).SCANSHARE_DEMO, true);
});

test('[CONFIG] presigned URLs may not live for hours', () => {
  assert.throws(() => parseEnv({ ...base, PRESIGN_TTL_SECONDS: '86400' }), /PRESIGN_TTL_SECONDS/);
});

test('[CONFIG] storage hygiene: a bounded scrub and a day of grace by default; a rate too low to finish anything is refused', () => {
  const env = parseEnv(base);
  assert.equal(env.STORAGE_SCRUB_BYTES_PER_SECOND, 32 * 1024 * 1024);
  assert.equal(env.STORAGE_SCRUB_SECONDS_PER_RUN, 300);
  assert.equal(env.STORAGE_SCRUB_PASS_INTERVAL_HOURS, 168);
  assert.equal(env.STORAGE_ORPHAN_GRACE_SECONDS, 86_400);
  assert.throws(() => parseEnv({ ...base, STORAGE_SCRUB_BYTES_PER_SECOND: '100' }), /STORAGE_SCRUB_BYTES_PER_SECOND/);
  assert.throws(() => parseEnv({ ...base, STORAGE_ORPHAN_GRACE_SECONDS: '-1' }), /STORAGE_ORPHAN_GRACE_SECONDS/);
});
