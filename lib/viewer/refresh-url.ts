// Presigned-URL refresh rule for the embedded OHIF viewer.
//
// This module is bundled verbatim into public/viewer/scanshare-refresh.js by
// scripts/setup-viewer.ts (see lib/viewer/refresh-client.ts), so it must stay
// free of Node APIs and imports: what the tests exercise is what ships.
//
// Instance URLs in a viewer manifest are short-lived presigned S3 GET URLs.
// A viewer left open past their lifetime would otherwise get 403s (a black
// viewport, no message). Before OHIF requests such a URL we swap it for the
// portal's same-origin refresh route, which re-authorizes the link session and
// answers 302 to a freshly presigned URL.

/** Refresh this long before the URL's stated expiry (client clock). */
export const REFRESH_MARGIN_MS = 60_000;

const MANIFEST_PATH = /^(.*)\/api\/links\/([^/]+)\/studies\/[^/]+\/manifest$/;
// The object key ends in `instances/<instanceId>`; the id is opaque (a uuid today).
const INSTANCE_ID = /^[A-Za-z0-9._~-]{1,200}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export interface RefreshContext {
  /** The viewer page's own URL (location.href): its `?url=` names the manifest. */
  pageUrl: string;
  /** Current time in ms since the epoch, already corrected for known clock skew. */
  nowMs: number;
}

/** Parses SigV4's `X-Amz-Date` (YYYYMMDDTHHMMSSZ) to ms since the epoch. */
export function parseAmzDate(value: string): number | null {
  const m = AMZ_DATE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(ms) ? ms : null;
}

/** When a presigned URL stops working, or null if it carries no SigV4 query expiry. */
export function presignedExpiryMs(url: URL): number | null {
  const date = url.searchParams.get('X-Amz-Date');
  const expires = url.searchParams.get('X-Amz-Expires');
  if (date === null || expires === null || !/^\d{1,7}$/.test(expires)) return null;
  const signedAt = parseAmzDate(date);
  return signedAt === null ? null : signedAt + Number(expires) * 1000;
}

/**
 * The same-origin refresh endpoint for one instance, derived from the manifest
 * URL in the page's `?url=`: `/api/links/<linkId>/studies/<studyId>/manifest`
 * becomes `/api/links/<linkId>/instances/<instanceId>/object`. Null when the
 * manifest URL is missing, not same-origin, or not of that shape (then we never
 * rewrite: sending the request to some other origin would be worse than a 403).
 */
export function refreshEndpoint(pageUrl: string, instanceId: string): string | null {
  if (!INSTANCE_ID.test(instanceId) || instanceId === '.' || instanceId === '..') return null;
  let page: URL;
  let manifest: URL;
  try {
    page = new URL(pageUrl);
    const raw = page.searchParams.get('url');
    if (raw === null) return null;
    manifest = new URL(raw, page);
  } catch {
    return null;
  }
  if (manifest.origin !== page.origin) return null;
  const m = MANIFEST_PATH.exec(manifest.pathname);
  if (!m) return null;
  const [, prefix, linkId] = m as unknown as [string, string, string];
  return `${page.origin}${prefix}/api/links/${linkId}/instances/${encodeURIComponent(instanceId)}/object`;
}

/**
 * The URL to request instead of `requestUrl`, or null to leave it alone.
 * Rewrites only a cross-origin presigned URL whose key ends in
 * `instances/<id>` and that is expired or within REFRESH_MARGIN_MS of expiry.
 */
export function refreshUrlFor(requestUrl: string, ctx: RefreshContext): string | null {
  let target: URL;
  let page: URL;
  try {
    page = new URL(ctx.pageUrl);
    target = new URL(requestUrl, page);
  } catch {
    return null;
  }
  if (target.origin === page.origin) return null;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return null;
  const expiry = presignedExpiryMs(target);
  if (expiry === null || ctx.nowMs < expiry - REFRESH_MARGIN_MS) return null;
  const segments = target.pathname.split('/');
  const last = segments[segments.length - 1];
  if (segments.length < 3 || segments[segments.length - 2] !== 'instances' || !last) return null;
  let instanceId: string;
  try {
    instanceId = decodeURIComponent(last);
  } catch {
    return null;
  }
  return refreshEndpoint(ctx.pageUrl, instanceId);
}

/**
 * How far the client clock is behind the server's, from a fresh same-origin
 * response's `Date` header (the manifest, which is never cached). Only a clock
 * that runs behind is corrected: one that runs ahead just refreshes early,
 * which is harmless, while trusting a stale `Date` would refresh too late.
 */
export function clockBehindMs(dateHeader: string | null, clientNowMs: number): number {
  if (!dateHeader) return 0;
  const server = Date.parse(dateHeader);
  return Number.isFinite(server) ? Math.max(0, server - clientNowMs) : 0;
}
