import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { formatUrl } from '@aws-sdk/core/util';
import { HttpRequest } from '@smithy/core/protocols';
import { Sha256 } from '@smithy/core/checksum';
import { getUrlSigner, presignGetUrl } from '@/lib/storage/sigv4-query-signer';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-11-25T01:02:03.456Z');

async function sdkUrl(host: string, port: number | undefined, protocol: string, path: string, region: string, query: Record<string, string> = {}, sessionToken?: string) {
  const presigner = new S3RequestPresigner({
    credentials: { ...credentials, sessionToken },
    region,
    sha256: Sha256,
  });
  const request = new HttpRequest({ method: 'GET', protocol, hostname: host, port, path, query, headers: {} });
  return formatUrl(await presigner.presign(request, { expiresIn: 600, signingDate: now }));
}

test('[STORAGE] a path-style URL is exactly what the AWS SDK presigner produces', async () => {
  const ours = presignGetUrl({ protocol: 'http:', host: '127.0.0.1:19000', pathPrefix: '/scanshare', region: 'us-east-1' }, credentials, 'instances/0b6f5f9e-3a39-4b39-9d0d-9f6f1f0e2a11', 600, { now });
  assert.equal(ours, await sdkUrl('127.0.0.1', 19000, 'http:', '/scanshare/instances/0b6f5f9e-3a39-4b39-9d0d-9f6f1f0e2a11', 'us-east-1'));
});

test('[STORAGE] a virtual-hosted AWS URL with a session token and a download name matches the SDK too', async () => {
  const ours = presignGetUrl(
    { protocol: 'https:', host: 'bucket.s3.eu-west-1.amazonaws.com', pathPrefix: '', region: 'eu-west-1' },
    { ...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE//token+with/odd=chars' },
    'instances/a b(1)*',
    600,
    { now, extraQuery: { 'response-content-disposition': 'attachment; filename="IM000001.dcm"' } },
  );
  const sdk = await sdkUrl(
    'bucket.s3.eu-west-1.amazonaws.com',
    undefined,
    'https:',
    `/${['instances', 'a b(1)*'].map((c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`,
    'eu-west-1',
    { 'response-content-disposition': 'attachment; filename="IM000001.dcm"' },
    'FwoGZXIvYXdzEXAMPLE//token+with/odd=chars',
  );
  assert.equal(ours, sdk);
});

test('[STORAGE] a batch signer gives each key the same URL as signing it alone', () => {
  const target = { protocol: 'http:', host: '127.0.0.1:19000', pathPrefix: '/scanshare', region: 'us-east-1' };
  const sign = getUrlSigner(target, { ...credentials, sessionToken: 'tok/en+1' }, 90, { now });
  for (const key of ['instances/a', 'instances/0b6f5f9e-3a39-4b39-9d0d-9f6f1f0e2a11', 'instances/with space(1)']) {
    assert.equal(sign(key), presignGetUrl(target, { ...credentials, sessionToken: 'tok/en+1' }, key, 90, { now }));
  }
});
