// SECURITY: the private-bucket gate of the local S3 server.
// s3rver verifies a SigV4 signature when a request carries one, but serves unsigned requests
// (an unsigned GET gets 200). This middleware runs first in s3rver's own Koa stack and refuses
// every non-OPTIONS request that does not carry a SigV4 signature, so s3rver's authentication
// always runs. It reads the request through the same Koa context (ctx.query, ctx.headers) that
// s3rver's authentication reads, so the two cannot disagree about what the request carries.
// V2 signatures are refused too: our clients only sign V4.
import { randomBytes } from 'node:crypto';
import type S3rver from '@20minutes/s3rver';

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

function accessDenied(requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>${requestId}</RequestId></Error>`
  );
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
    if (carriesSigV4(ctx)) return next();

    const origin = ctx.get('origin');
    if (origin && originAllowed(origin)) {
      // S3 puts CORS headers on errors too, so a browser sees the 403 rather than a network error.
      ctx.set('Access-Control-Allow-Origin', wildcard ? '*' : origin);
      ctx.set('Vary', 'Origin');
    }
    ctx.set('Connection', 'close'); // do not read (and discard) an unsigned upload's body
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    ctx.set('x-amz-request-id', requestId);
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = accessDenied(requestId);
  };
}
