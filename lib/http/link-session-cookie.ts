// The cookie that carries a link session's secret. HttpOnly (scripts never see
// it), SameSite=Lax, Secure with the __Host- prefix when served over https.
import { env } from '@/lib/env';

export function linkSessionCookieName(): string {
  return env().PUBLIC_ORIGIN.startsWith('https://') ? '__Host-scanshare-link' : 'scanshare-link';
}

export function linkSessionCookieOptions(expiresAt: Date) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: env().PUBLIC_ORIGIN.startsWith('https://'),
    path: '/',
    expires: expiresAt,
  };
}
