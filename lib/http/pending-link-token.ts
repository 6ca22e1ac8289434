// A link's token leaves the address bar at the first request: GET /s/<token> (or
// /u/<token>) is answered by proxy.ts with a redirect to the token-free /s/open
// (/u/open) and the token in this short-lived HttpOnly cookie, so the token is in
// neither the browser's history (a redirect leaves only its target there) nor the
// Referer of anything the page loads, with or without JavaScript. The cookie is
// scoped to its door's path and goes once the access check has passed.
import { isWellFormedShareToken } from '@/lib/shares/share-token';
import { linkSessionCookieOptions } from './link-session-cookie';

export type LinkDoor = 's' | 'u';

/** The token-free page that takes over from /<door>/<token>. */
export const openPath = (door: LinkDoor) => `/${door}/open`;

export function pendingTokenCookieName(door: LinkDoor): string {
  return door === 's' ? 'scanshare-open-link' : 'scanshare-open-upload-link';
}

// Long enough to find the date of birth or the code; the link's own expiry still rules.
const pendingTokenLifetimeMs = 15 * 60_000;

/** The link-session cookie's attributes, scoped to its door's pages and a quarter of an hour. */
export function pendingTokenCookieOptions(door: LinkDoor) {
  return { ...linkSessionCookieOptions(new Date(Date.now() + pendingTokenLifetimeMs)), path: `/${door}` };
}

/** `/s/<token>` or `/u/<token>` with a well-formed token: the door and the token; else null. */
export function tokenInPath(path: string): { door: LinkDoor; token: string } | null {
  const match = /^\/(s|u)\/([^/]+)$/.exec(path);
  if (!match || !isWellFormedShareToken(match[2]!)) return null;
  return { door: match[1] as LinkDoor, token: match[2]! };
}
