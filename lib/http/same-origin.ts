// CSRF guard: browsers send Origin on every cross-site POST; one that is not ours
// is refused. Route handlers call assertSameOrigin; server actions are refused
// earlier, in proxy.ts (Next would refuse them too, but with a bare 500).
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const crossOriginRefusal = 'This request came from another site and was refused.';

/**
 * An Origin that is not this site's, including the opaque `null` of a sandboxed or
 * privacy-restricted context. This site is PUBLIC_ORIGIN, or the host the browser
 * itself addressed (its Host header, as Next's own check reads it: a page reached
 * through another name of ours, e.g. a proxy in front of the portal); a browser
 * never lets a page set Host, so another site cannot match it. No Origin at all is
 * not a browser's cross-site request (browsers send one with every cross-site
 * POST), so it is not foreign.
 */
export function isForeignOrigin(origin: string | null, host?: string | null): boolean {
  if (origin === null) return false;
  if (origin === new URL(env().PUBLIC_ORIGIN).origin) return false;
  if (!host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // 'null' and anything else that is not a URL
  }
}

export function assertSameOrigin(request: Request): void {
  if (isForeignOrigin(request.headers.get('origin'), request.headers.get('host'))) throw new AppError('forbidden:cross_origin', crossOriginRefusal);
}
