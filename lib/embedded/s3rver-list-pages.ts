// @20minutes/s3rver 5 makes ListObjectsV2 continuation tokens with the DES cipher, which
// the OpenSSL of Node 22+ no longer offers: every listing longer than one page (more
// than MaxKeys objects, 1000 at most) answered 500, so anything that pages through the
// bucket (the orphan collector, lib/storage/collect-orphan-objects.ts) failed once the
// store held more than a page. Here the store's listing never reports itself truncated
// to s3rver's controller (so it makes no token); this middleware, just before the
// router, remembers that it was and writes a token of its own: the last key of the
// page, base64url. A token it is given back becomes start-after, which s3rver handles.
import { AsyncLocalStorage } from 'node:async_hooks';
import type S3rver from '@20minutes/s3rver';

type Page = { truncated: boolean; lastKey?: string };
type Listing = { objects: Array<{ key: string }>; commonPrefixes: string[]; isTruncated: boolean };

const tokenPrefix = 'scanshare:';
const encodeToken = (key: string) => Buffer.from(tokenPrefix + key, 'utf8').toString('base64url');
const decodeToken = (token: string) => {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith(tokenPrefix) ? text.slice(tokenPrefix.length) : null;
};

export function pageListings(s3rver: S3rver): S3rver.Middleware {
  const pages = new AsyncLocalStorage<Page>();
  const store = s3rver.store as S3rver['store'] & { listObjects(bucket: string, options: unknown): Promise<Listing> };
  const listObjects = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const listing = await listObjects(bucket, options);
    const page = pages.getStore();
    if (!page || !listing.isTruncated) return listing;
    page.truncated = true;
    page.lastKey = [...listing.objects.map((o) => o.key), ...listing.commonPrefixes].sort().at(-1);
    return { ...listing, isTruncated: false };
  };

  return async (ctx, next) => {
    const isListV2 = ctx.method === 'GET' && ctx.query['list-type'] === '2' && /^\/[^/]+\/?$/.test(ctx.path);
    if (!isListV2) return next();
    const given = ctx.query['continuation-token'];
    if (typeof given === 'string' && given !== '') {
      const startAfter = decodeToken(given);
      if (startAfter === null) {
        ctx.status = 400;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>The continuation token provided is incorrect</Message></Error>';
        return;
      }
      const query: Record<string, string | string[] | undefined> = { ...ctx.query, 'start-after': startAfter };
      delete query['continuation-token'];
      ctx.query = query;
    }
    const page: Page = { truncated: false };
    await pages.run(page, next);
    const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)?.ListBucketResult;
    if (!result) return;
    if (typeof given === 'string' && given !== '') {
      result.ContinuationToken = given;
      result.StartAfter = undefined;
    }
    if (page.truncated && page.lastKey) {
      result.IsTruncated = true;
      result.NextContinuationToken = encodeToken(page.lastKey);
    }
  };
}
