// CSRF guard: browsers send Origin on every cross-site POST; one that is not ours
// is refused. Route handlers call assertSameOrigin; server actions are refused
// earlier, in proxy.ts (Next would refuse them too, but with a bare 500).
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const crossOriginRefusal = 'This request came from another site and was refused.';

/**
 * An Origin that is not this site's, including the opaque `null` of a sandboxed or
 * privacy-restricted context. No Origin at all is not a browser's cross-site
 * request (browsers send one with every cross-site POST), so it is not foreign.
 */
export function isForeignOrigin(origin: string | null): boolean {
  return origin !== null && origin !== new URL(env().PUBLIC_ORIGIN).origin;
}

export function assertSameOrigin(request: Request): void {
  if (isForeignOrigin(request.headers.get('origin'))) throw new AppError('forbidden:cross_origin', crossOriginRefusal);
}
