// SECURITY: the private-bucket gate of the local S3 server.
// s3rver verifies a SigV4 signature when a request carries one, but serves unsigned requests
// (an unsigned GET gets 200). This middleware runs first in s3rver's own Koa stack and refuses
// every non-OPTIONS request that does not carry a SigV4 signature, so s3rver's authentication
// always runs. It reads the request through the same Koa context (ctx.query, ctx.headers) that
// s3rver's authentication reads, so the two cannot disagree about what the request carries.
// V2 signatures are refused too: our clients only sign V4.
import { randomBytes } from 'node:crypto';
import type S3rver from '@20minutes/s3rver';
import authentication from '@20minutes/s3rver/lib/middleware/authentication.js';

export interface GateOptions {
  corsOrigins: readonly string[];
  corsMaxAgeSeconds: number;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * True when s3rver will verify a V4 signature on this request: an `Authorization: AWS4-HMAC-SHA256 …`
 * header, or presigned-URL query parameters (s3rver switches on `X-Amz-Algorithm`, so that is required
 * alongside `X-Amz-Signature`; a bare `?X-Amz-Signature=` would otherwise pass unchecked).
 */
export function carriesSigV4(ctx: Pick<S3rver.Context, 'headers' | 'query'>): boolean {
  const authorization = ctx.headers.authorization;
  if (authorization !== undefined) return typeof authorization === 'string' && authorization.startsWith('AWS4-HMAC-SHA256 ');
  return single(ctx.query['X-Amz-Algorithm']) === 'AWS4-HMAC-SHA256' && single(ctx.query['X-Amz-Signature']) !== undefined;
}

function s3Error(ctx: S3rver.Context, status: number, code: string, message: string): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  ctx.set('x-amz-request-id', requestId);
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
}

const s3rverAuthentication = authentication();

/**
 * SDK v3 sends bucket-level requests (ListObjectsV2, CreateBucket, …) to `/<bucket>/` and signs that path;
 * s3rver builds the canonical URI as `/<bucket>` and so rejects every one of them. Here s3rver's own check
 * runs once more over the path as sent; when it passes it records the account, which its later check accepts.
 * It only ever accepts a signature made over the exact request path.
 */
async function verifyBucketLevelPath(ctx: S3rver.Context, encodedBucket: string): Promise<void> {
  let bucket: string;
  try {
    bucket = decodeURIComponent(encodedBucket);
  } catch {
    return; // not a bucket name; s3rver rejects it later
  }
  const asSent = Object.create(ctx, { params: { value: { bucket: `${bucket}/` } } }) as S3rver.Context;
  await s3rverAuthentication(asSent, async () => undefined);
}

/**
 * s3rver serves `bytes=-N` (suffix) as the first N+1 bytes and `bytes=0-0` as the whole object:
 * wrong bytes, silently. Refuse those (and multi-range) loudly instead; S3 serves them correctly.
 */
function unsupportedRange(range: string): boolean {
  if (!range.startsWith('bytes=')) return false; // s3rver (and S3) ignore other units
  const match = /^bytes=(\d+)-(\d*)$/.exec(range);
  return !match || match[2] === '0';
}

export function signatureGate({ corsOrigins, corsMaxAgeSeconds }: GateOptions): S3rver.Middleware {
  const wildcard = corsOrigins.includes('*');
  const originAllowed = (origin: string) => wildcard || corsOrigins.includes(origin);

  return async function gate(ctx, next) {
    if (ctx.method === 'OPTIONS') {
      await next();
      // s3rver answers an allowed preflight with `Access-Control-Allow-Origin: *` and no max-age;
      // S3 echoes the origin and sends the rule's max-age (browsers cache the preflight for that long).
      if (ctx.status === 200 && ctx.response.get('Access-Control-Allow-Origin') === '*' && !wildcard) {
        ctx.set('Access-Control-Allow-Origin', ctx.get('origin'));
        ctx.set('Access-Control-Allow-Credentials', 'true');
        ctx.set('Access-Control-Max-Age', String(corsMaxAgeSeconds));
      }
      return;
    }
    if (carriesSigV4(ctx)) {
      const bucketLevel = /^\/([^/]+)\/$/.exec(ctx.path);
      if (bucketLevel?.[1]) await verifyBucketLevelPath(ctx, bucketLevel[1]);
      if ((ctx.method === 'GET' || ctx.method === 'HEAD') && unsupportedRange(ctx.get('range'))) {
        return s3Error(ctx, 501, 'NotImplemented', 'The local S3 server cannot serve suffix (bytes=-N), bytes=N-0 or multiple ranges.');
      }
      return next();
    }

    const origin = ctx.get('origin');
    if (origin && originAllowed(origin)) {
      // S3 puts CORS headers on errors too, so a browser sees the 403 rather than a network error.
      ctx.set('Access-Control-Allow-Origin', wildcard ? '*' : origin);
      ctx.set('Vary', 'Origin');
    }
    ctx.set('Connection', 'close'); // do not read (and discard) an unsigned upload's body
    s3Error(ctx, 403, 'AccessDenied', 'Access Denied');
  };
}
