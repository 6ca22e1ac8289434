import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { findFreePort } from '@/lib/embedded/free-port';
import { type LocalS3, localS3ClientConfig, startLocalS3 } from '@/lib/embedded/local-s3';

const PORTAL = 'http://localhost:3000';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP request (no SDK, no fetch header filtering), as a browser or attacker would send it. */
function raw(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('local S3 server', { timeout: 60_000 }, () => {
  let dataDir: string;
  let s3: LocalS3;
  let client: S3Client;
  const bucket = 'scanshare-test';

  const start = async (port: number) => startLocalS3({ dataDir, port, bucket, corsOrigins: [PORTAL] });
  const getBytes = async (key: string, range?: string) => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }));
    return Buffer.from(await out.Body!.transformToByteArray());
  };
  const presignGet = (key: string, expiresIn = 60) =>
    getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn });

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scanshare-s3-test-'));
    s3 = await start(await findFreePort());
    client = new S3Client(localS3ClientConfig(s3));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'fixtures/small.dcm', Body: 'DICM fixture', ContentType: 'application/dicom' }));
  });
  after(async () => {
    client?.destroy();
    await s3?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('[S3] a streamed PutObject and GetObject round-trip the same bytes', async () => {
    const chunks = Array.from({ length: 48 }, () => randomBytes(64 * 1024)); // 3 MB, sent as a stream
    const expected = Buffer.concat(chunks);
    await client.send(new PutObjectCommand({
      Bucket: bucket, Key: 'streamed/object.bin', Body: Readable.from(chunks), ContentLength: expected.length, ContentType: 'application/octet-stream',
    }));
    assert.equal(sha256(await getBytes('streamed/object.bin')), sha256(expected));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'streamed/object.bin' }));
    assert.equal(head.ContentLength, expected.length);
    assert.equal(head.ContentType, 'application/octet-stream');
    assert.deepEqual(await getBytes('streamed/object.bin', 'bytes=1000-1999'), expected.subarray(1000, 2000));
    assert.deepEqual(await getBytes('streamed/object.bin', `bytes=${expected.length - 10}-`), expected.subarray(-10));
    // s3rver would answer these with the wrong bytes; the gate refuses them loudly instead.
    await assert.rejects(getBytes('streamed/object.bin', 'bytes=-10'), { name: 'NotImplemented' });
    await assert.rejects(getBytes('streamed/object.bin', 'bytes=0-0'), { name: 'NotImplemented' });
  });

  it('[S3] a 12 MB multipart Upload (5 MB parts) arrives whole', async () => {
    const expected = randomBytes(12 * 1024 * 1024);
    const upload = new Upload({
      client, params: { Bucket: bucket, Key: 'multipart/study.zip', Body: Readable.from([expected]) }, partSize: 5 * 1024 * 1024, queueSize: 2,
    });
    await upload.done();
    const stored = await getBytes('multipart/study.zip');
    assert.equal(stored.length, expected.length);
    assert.equal(sha256(stored), sha256(expected));
  });

  it('[S3] CopyObject, ListObjectsV2 and DeleteObject work', async () => {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/small.dcm', CopySource: `${bucket}/fixtures/small.dcm` }));
    assert.equal((await getBytes('copies/small.dcm')).toString(), 'DICM fixture');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'copies/' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ['copies/small.dcm']);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'copies/small.dcm' }));
    const after = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'copies/' }));
    assert.equal(after.KeyCount, 0);

    // Bucket-level requests are signed over `/<bucket>/`; only an intact signature is accepted.
    const listUrl = await getSignedUrl(client, new ListObjectsV2Command({ Bucket: bucket, Prefix: 'fixtures/' }), { expiresIn: 60 });
    assert.equal((await raw('GET', listUrl)).status, 200);
    assert.equal((await raw('GET', listUrl.replace('prefix=fixtures', 'prefix=streamed'))).status, 403);
    assert.equal((await raw('GET', listUrl.replace(`/${bucket}/?`, `/${bucket}?`))).status, 403);
  });

  it('[S3] a presigned GET works; with one character of its signature or its key changed it answers 403', async () => {
    const url = await presignGet('fixtures/small.dcm');
    const ok = await raw('GET', url);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString(), 'DICM fixture');

    const signed = new URL(url);
    const signature = signed.searchParams.get('X-Amz-Signature')!;
    signed.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const tamperedSignature = await raw('GET', signed.toString());
    assert.equal(tamperedSignature.status, 403);
    assert.match(tamperedSignature.body.toString(), /<Code>SignatureDoesNotMatch<\/Code>/);

    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'fixtures/small.dcn', Body: 'someone else' }));
    const tamperedKey = await raw('GET', url.replace('/fixtures/small.dcm?', '/fixtures/small.dcn?'));
    assert.equal(tamperedKey.status, 403);
  });

  it('[S3] an expired presigned GET answers 403', async () => {
    const url = await presignGet('fixtures/small.dcm', 1);
    await new Promise((r) => setTimeout(r, 2100));
    const res = await raw('GET', url);
    assert.equal(res.status, 403);
    assert.match(res.body.toString(), /<Code>AccessDenied<\/Code>[\s\S]*expired/);
  });

  it('[S3] unsigned or badly signed requests answer 403 and change nothing', async () => {
    const objectUrl = `${s3.endpoint}/${bucket}/fixtures/small.dcm`;
    for (const [what, res] of [
      ['unsigned GET', await raw('GET', objectUrl)],
      ['unsigned HEAD', await raw('HEAD', objectUrl)],
      ['unsigned bucket listing', await raw('GET', `${s3.endpoint}/${bucket}?list-type=2`)],
      ['X-Amz-Signature without X-Amz-Algorithm', await raw('GET', `${objectUrl}?X-Amz-Signature=${'0'.repeat(64)}`)],
      ['V2 query signature', await raw('GET', `${objectUrl}?AWSAccessKeyId=S3RVER&Expires=9999999999&Signature=x`)],
      ['V2 Authorization header', await raw('GET', objectUrl, { Authorization: 'AWS S3RVER:x' })],
    ] as const) {
      assert.equal(res.status, 403, what);
    }
    const denied = await raw('GET', objectUrl);
    assert.match(denied.body.toString(), /<Code>AccessDenied<\/Code>/);

    const put = await raw('PUT', `${s3.endpoint}/${bucket}/planted.txt`, { 'Content-Type': 'text/plain' }, Buffer.from('planted'));
    assert.equal(put.status, 403);
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'planted.txt' })), { name: 'NotFound' });

    // s3rver's built-in S3RVER/S3RVER key pair is revoked: only the generated keys sign.
    const wellKnown = new S3Client({ ...localS3ClientConfig(s3), credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await assert.rejects(wellKnown.send(new GetObjectCommand({ Bucket: bucket, Key: 'fixtures/small.dcm' })), { name: 'InvalidAccessKeyId' });
    wellKnown.destroy();
  });

  it('[S3] CORS: the portal origin may GET and PUT across origins; another origin may not', async () => {
    const objectUrl = `${s3.endpoint}/${bucket}/fixtures/small.dcm`;
    const preflight = await raw('OPTIONS', objectUrl, { Origin: PORTAL, 'Access-Control-Request-Method': 'GET' });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], PORTAL);
    assert.match(String(preflight.headers['access-control-allow-methods']), /GET/);
    assert.equal(preflight.headers['access-control-max-age'], '3000');

    const putPreflight = await raw('OPTIONS', objectUrl, {
      Origin: PORTAL, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type',
    });
    assert.equal(putPreflight.status, 200);
    assert.equal(putPreflight.headers['access-control-allow-headers'], 'content-type');

    const stranger = await raw('OPTIONS', objectUrl, { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.headers['access-control-allow-origin'], undefined);

    const get = await raw('GET', await presignGet('fixtures/small.dcm'), { Origin: PORTAL });
    assert.equal(get.status, 200);
    assert.equal(get.headers['access-control-allow-origin'], PORTAL);
    assert.match(String(get.headers['access-control-expose-headers']), /ETag/);
    const strangerGet = await raw('GET', await presignGet('fixtures/small.dcm'), { Origin: 'https://evil.example' });
    assert.equal(strangerGet.headers['access-control-allow-origin'], undefined);
  });

  it('[S3] a presigned PUT stores the body it carries', async () => {
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: 'uploads/from-browser.dcm', ContentType: 'application/dicom' }), { expiresIn: 60 });
    const body = randomBytes(256 * 1024);
    const put = await raw('PUT', url, { 'Content-Type': 'application/dicom', Origin: PORTAL }, body);
    assert.equal(put.status, 200);
    assert.equal(put.headers['access-control-allow-origin'], PORTAL);
    assert.equal(sha256(await getBytes('uploads/from-browser.dcm')), sha256(body));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'uploads/from-browser.dcm' }));
    assert.equal(head.ContentType, 'application/dicom');
  });

  it('[S3] a PUT racing the delete of the last object under its prefix is kept (nothing answered 200 and lost)', async () => {
    // s3rver's store removes a folder it finds empty after a delete; a PUT landing in between lost its file.
    const rounds = 150;
    const lost: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const prefix = `race-${i}`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/first`, Body: 'a' }));
      const [, put] = await Promise.allSettled([
        client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}/first` })),
        client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/second`, Body: 'b' })),
      ]);
      const kept = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/second` })).then(() => true, () => false);
      if (put.status !== 'fulfilled' || !kept) lost.push(`${prefix}: put ${put.status}, object ${kept ? 'kept' : 'gone'}`);
    }
    assert.deepEqual(lost, []);
  });

  it('[S3] a listing longer than a page is read page by page with continuation tokens, every key once, in order', async () => {
    // s3rver made its tokens with DES, which Node 22+'s OpenSSL lacks: a second page answered 500.
    const keys = Array.from({ length: 7 }, (_, i) => `paged/${String(i).padStart(2, '0')}`);
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'paged/', MaxKeys: 3, ContinuationToken: token }));
      pages += 1;
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      assert.equal(page.IsTruncated, pages < 3);
      token = page.NextContinuationToken;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, keys);
    await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'paged/', ContinuationToken: 'bm90LW91cnM' })), /continuation token/);
  });

  it('[S3] objects and generated keys survive a restart on the same data folder', async () => {
    const { endpoint, accessKeyId, secretAccessKey } = s3;
    const port = Number(new URL(endpoint).port);
    await s3.stop();
    s3 = await start(port);
    assert.deepEqual([s3.endpoint, s3.accessKeyId, s3.secretAccessKey], [endpoint, accessKeyId, secretAccessKey]);
    assert.equal((await getBytes('fixtures/small.dcm')).toString(), 'DICM fixture');
  });
});
