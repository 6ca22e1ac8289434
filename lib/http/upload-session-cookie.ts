// The cookie that carries an upload session's secret: its own name, so it never
// replaces a share-link session in the same browser; the same attributes as the
// link-session cookie (HttpOnly, SameSite=Lax, Secure with __Host- over https).
import { env } from '@/lib/env';
import { linkSessionCookieOptions } from './link-session-cookie';

export function uploadSessionCookieName(): string {
  return env().PUBLIC_ORIGIN.startsWith('https://') ? '__Host-scanshare-upload' : 'scanshare-upload';
}

export const uploadSessionCookieOptions = linkSessionCookieOptions;
