// Real refused connections, classified: a PostgreSQL and an S3 endpoint on a port
// where nothing listens are "dependency unavailable" (503), a bug is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { S3Client, HeadObjectCommand } from '@aws-sdk/client-s3';
import { isDependencyUnavailable } from '@/lib/health/dependency-failure';
import { AppError } from '@/lib/errors';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('[OPERATIONS] a PostgreSQL that refuses connections is a dependency failure, also when wrapped', async () => {
  const pool = new pg.Pool({ connectionString: `postgres://x:y@127.0.0.1:${await closedPort()}/db`, connectionTimeoutMillis: 2000 });
  const err = await pool.query('select 1').catch((e: unknown) => e);
  await pool.end();
  assert.equal(isDependencyUnavailable(err), true);
  assert.equal(isDependencyUnavailable(new AppError('unavailable:quarantine_accept', 'x', { cause: err })), true);
});

test('[OPERATIONS] an S3 endpoint that refuses connections is a dependency failure', async () => {
  const s3 = new S3Client({ endpoint: `http://127.0.0.1:${await closedPort()}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  const err = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' })).catch((e: unknown) => e);
  assert.equal(isDependencyUnavailable(err), true);
});

test('[OPERATIONS] ordinary bugs and refusals are not dependency failures', () => {
  assert.equal(isDependencyUnavailable(new TypeError('x is undefined')), false);
  assert.equal(isDependencyUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
  assert.equal(isDependencyUnavailable(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })), false);
});
