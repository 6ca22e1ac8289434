// The local S3-compatible server for the one-command default and for tests: @20minutes/s3rver 5
// (it verifies SigV4 signatures), behind a gate that makes the bucket private (see s3-gate.ts).
//
// The gate runs inside s3rver's own request pipeline on one http server bound to 127.0.0.1:<port>,
// rather than as a proxy to s3rver on a second port: bodies stream straight through with no extra hop,
// and there is no internal port to pick or to expose. The bucket and its CORS rules are set at every
// start with s3rver's configureBuckets (SDK v3 bucket-level calls fail s3rver's signature check).
// Its deletes leave folders in place (s3rver-keep-folders.ts): removing them lost concurrent PUTs.
// AbortMultipartUpload, which s3rver lacks, removes the upload's parts (s3rver-abort-multipart.ts).
// Listings longer than a page get continuation tokens that work on Node 22+ (s3rver-list-pages.ts).
//
// Data folder layout: buckets/ (s3rver's store, persistent), credentials.json (generated keys, 0600).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import AWSAccount from '@20minutes/s3rver/lib/models/account.js';
import { signatureGate } from '@/lib/embedded/s3-gate';
import { abortMultipartUploads } from '@/lib/embedded/s3rver-abort-multipart';
import { keepFoldersOnDelete } from '@/lib/embedded/s3rver-keep-folders';
import { pageListings } from '@/lib/embedded/s3rver-list-pages';

export interface LocalS3Options {
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  bucket: string;
  /** Browser origins allowed to GET/HEAD/PUT with presigned URLs, e.g. http://localhost:3000. */
  corsOrigins: string[];
  /** Both or neither; default: generated once and kept in <dataDir>/credentials.json. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface LocalS3 {
  /** http://127.0.0.1:<port>; clients must use path-style addressing. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const CORS_MAX_AGE_SECONDS = 3000;

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const { port, bucket, corsOrigins } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port: ${port}`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`Invalid bucket name: "${bucket}"`);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^\s/<>&"'*]+$/.test(origin)) throw new Error(`Invalid CORS origin: "${origin}"`);
  }
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(path.join(dataDir, 'buckets'), { recursive: true, mode: 0o700 });
  const credentials = await resolveCredentials(dataDir, options);
  const releaseKey = registerAccessKey(credentials.accessKeyId, credentials.secretAccessKey);

  let server: http.Server | undefined;
  let s3rver: S3rver | undefined;
  try {
    s3rver = new S3rver({
      directory: path.join(dataDir, 'buckets'),
      silent: true,
      vhostBuckets: false, // path-style only: the Host header never selects a bucket
      configureBuckets: [{ name: bucket, configs: [corsXml(corsOrigins)] }],
    });
    keepFoldersOnDelete(s3rver);
    await s3rver.configureBuckets();
    s3rver.middleware.unshift(signatureGate({ corsOrigins, corsMaxAgeSeconds: CORS_MAX_AGE_SECONDS }));
    s3rver.middleware.splice(s3rver.middleware.length - 1, 0, abortMultipartUploads(s3rver)); // just before the router
    s3rver.middleware.splice(s3rver.middleware.length - 1, 0, pageListings(s3rver)); // after the signature check, before the router
    server = http.createServer(s3rver.callback());
    server.keepAliveTimeout = 65_000; // longer than clients' idle keep-alive, so a reused socket is not closed under them
    server.requestTimeout = 0; // large uploads may take longer than Node's default 5 minutes
    await listen(server, port);
  } catch (err) {
    s3rver?.logger.close();
    releaseKey();
    throw err;
  }

  const httpServer = server;
  const s3 = s3rver;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const force = setTimeout(() => httpServer.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
      s3.logger.close();
      releaseKey();
    })());

  return {
    endpoint: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    region: REGION,
    bucket,
    ...credentials,
    stop,
  };
}

/**
 * AWS SDK v3 settings for this server. The checksum settings matter: with the SDK defaults,
 * streamed PUTs are refused and presigned PUT URLs carry the checksum of an empty body.
 */
export function localS3ClientConfig(s3: Pick<LocalS3, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>): S3ClientConfig {
  return {
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`The local S3 server cannot listen on 127.0.0.1:${port} (${err.code ?? err.message}); choose another port.`)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** GET/HEAD/PUT from the portal's origins; the headers a browser uploader or viewer needs to read. */
function corsXml(origins: readonly string[]): string {
  const allowed = origins.map((o) => `<AllowedOrigin>${xmlEscape(o)}</AllowedOrigin>`).join('');
  const methods = ['GET', 'HEAD', 'PUT'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('');
  const exposed = ['ETag', 'Content-Length', 'Content-Type', 'Content-Range', 'Accept-Ranges']
    .map((h) => `<ExposeHeader>${h}</ExposeHeader>`)
    .join('');
  return (
    '<CORSConfiguration><CORSRule>' +
    `${allowed}${methods}<AllowedHeader>*</AllowedHeader>${exposed}<MaxAgeSeconds>${CORS_MAX_AGE_SECONDS}</MaxAgeSeconds>` +
    '</CORSRule></CORSConfiguration>'
  );
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

async function resolveCredentials(dataDir: string, options: LocalS3Options): Promise<Credentials> {
  const { accessKeyId, secretAccessKey } = options;
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (!accessKeyId || !secretAccessKey) throw new Error('Give both accessKeyId and secretAccessKey, or neither.');
    if (!/^[A-Za-z0-9]{3,128}$/.test(accessKeyId)) throw new Error('accessKeyId must be 3–128 letters and digits.');
    return { accessKeyId, secretAccessKey };
  }
  const file = path.join(dataDir, 'credentials.json');
  const fresh: Credentials = {
    accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  try {
    await fs.writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stored = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Credentials>;
  if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
    throw new Error(`${file} is not valid; delete it to generate new keys.`);
  }
  return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
}

// s3rver keeps access keys in one process-wide registry (with a well-known S3RVER/S3RVER pair, which
// we revoke). Servers in one process therefore accept each other's keys; refcounts let them share one.
const registered = new Map<string, { secret: string; count: number }>();

function registerAccessKey(accessKeyId: string, secret: string): () => void {
  AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
  const entry = registered.get(accessKeyId);
  if (entry && entry.secret !== secret) {
    throw new Error(`Access key ${accessKeyId} is already in use in this process with another secret.`);
  }
  if (entry) entry.count += 1;
  else {
    registered.set(accessKeyId, { secret, count: 1 });
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secret);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = registered.get(accessKeyId);
    if (current && --current.count === 0) {
      registered.delete(accessKeyId);
      AWSAccount.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
    }
  };
}
