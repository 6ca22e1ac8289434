// Presigned GET URLs for instance objects, minted only after the caller has been
// authorized. Credentials come from the S3 client's provider (static keys, or the
// AWS default chain with its rotating session tokens), resolved once per batch.
import { env } from '@/lib/env';
import { s3, bucket } from './s3-client';
import { getUrlSigner, presignGetUrl, type GetUrlSigner, type ObjectUrlTarget, type SigningCredentials } from './sigv4-query-signer';

let target: ObjectUrlTarget | undefined;

function objectTarget(): ObjectUrlTarget {
  const e = env();
  if (e.S3_ENDPOINT) {
    const u = new URL(e.S3_ENDPOINT);
    return { protocol: u.protocol, host: u.host, pathPrefix: `${u.pathname.replace(/\/$/, '')}/${encodeURIComponent(bucket())}`, region: e.S3_REGION };
  }
  // AWS S3: virtual-hosted style, as the SDK uses by default.
  return { protocol: 'https:', host: `${bucket()}.s3.${e.S3_REGION}.amazonaws.com`, pathPrefix: '', region: e.S3_REGION };
}

async function currentCredentials(): Promise<SigningCredentials> {
  const provider = s3().config.credentials;
  return provider();
}

/**
 * A signer for a batch of URLs (a manifest): credentials resolved once, then
 * synchronous per URL; URLs of the same lifetime share one signing time and
 * query, so each costs one hash and one HMAC.
 */
export async function objectGetSigner(): Promise<(key: string, expiresInSeconds: number, options?: { downloadName?: string }) => string> {
  target ??= objectTarget();
  const t = target;
  const credentials = await currentCredentials();
  const byLifetime = new Map<number, GetUrlSigner>();
  return (key, expiresInSeconds, options = {}) => {
    const expires = Math.max(1, Math.floor(expiresInSeconds));
    if (options.downloadName) {
      return presignGetUrl(t, credentials, key, expires, { extraQuery: { 'response-content-disposition': `attachment; filename="${options.downloadName}"` } });
    }
    let sign = byLifetime.get(expires);
    if (!sign) byLifetime.set(expires, (sign = getUrlSigner(t, credentials, expires)));
    return sign(key);
  };
}

/** One presigned GET URL, valid for `expiresInSeconds` (callers cap it by the link's own expiry). */
export async function presignObjectGet(key: string, expiresInSeconds: number, options: { downloadName?: string } = {}): Promise<string> {
  return (await objectGetSigner())(key, expiresInSeconds, options);
}
