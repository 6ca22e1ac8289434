// Runs before every page request (not /api, not Next's own assets):
// - takes a link's token out of the address bar (/s/<token> → /s/open, the token in
//   a short-lived HttpOnly cookie; lib/http/pending-link-token.ts);
// - refuses a server action posted from another site with 403 and a plain sentence
//   (Next refuses it too, but answers 500 as if the portal had failed);
// - answers 503 at once while PostgreSQL is down (lib/health/database-gate.ts);
// - adds the Content-Security-Policy: the viewer's own under /viewer, a per-request
//   nonce policy on every other page (lib/http/content-security-policy.ts); both name
//   the S3 origin that presigned URLs point at, known only at run time; HSTS when the
//   portal is served over HTTPS;
// - marks recipient pages (/s/…, /links/…, and the upload link's /u/…, /uploads-for/…)
//   so the root layout negotiates their language for <html lang> (layouts cannot see
//   the path), and pass them their path (the not-found page names the facility of a
//   link that exists but cannot be opened: lib/facilities/contact-for-refused-link.ts).
// Logs nothing: /s/<token> and /u/<token> pass here.
// Not an authorization gate: every page, action and route checks through lib/.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { crossOriginRefusal, isForeignOrigin } from '@/lib/http/same-origin';
import { mayBeServerAction } from '@/lib/http/server-action-request';
import { languageCookieName, recipientPageHeader } from '@/lib/i18n/languages';
import { databaseAnswering } from '@/lib/health/database-gate';
import { pickLanguage, unavailablePage } from '@/lib/health/unavailable-page';
import { recipientPathHeader } from '@/lib/http/recipient-path';
import { openPath, pendingTokenCookieName, pendingTokenCookieOptions, tokenInPath } from '@/lib/http/pending-link-token';
import { newCspNonce, portalCsp, strictTransportSecurity } from '@/lib/http/content-security-policy';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { viewerCsp } = require('./lib/viewer/next-viewer-config.cjs') as { viewerCsp: (origin: string) => string };

let fixed: { s3Origin: string; viewerCsp: string; hsts: string | undefined } | undefined;

function policies() {
  if (!fixed) {
    const e = env();
    const s3Origin = e.S3_ENDPOINT ? new URL(e.S3_ENDPOINT).origin : `https://${e.S3_BUCKET}.s3.${e.S3_REGION}.amazonaws.com`;
    fixed = { s3Origin, viewerCsp: viewerCsp(s3Origin), hsts: strictTransportSecurity(e.PUBLIC_ORIGIN) };
  }
  return fixed;
}

const recipientPrefixes = ['/s/', '/links/', '/u/', '/uploads-for/'];

export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  // Server actions post to page paths. Route handlers (/api/…) check their own
  // origin, and some must take cross-site posts (the SAML ACS).
  if (mayBeServerAction(request.method, request.headers) && isForeignOrigin(request.headers.get('origin'), request.headers.get('host'))) {
    return new NextResponse(crossOriginRefusal, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const { s3Origin, viewerCsp: viewerPolicy, hsts } = policies();
  let response: NextResponse | Response;
  const tokenUrl = request.method === 'GET' || request.method === 'HEAD' ? tokenInPath(path) : null;
  if (tokenUrl) {
    // The token leaves the address bar at once (lib/http/pending-link-token.ts): a redirect leaves
    // only its target in history, and nothing the next page loads can carry the token as Referer.
    // Absolute, as Next requires of a proxy redirect; the same origin as the request, so same-origin for the browser.
    const redirect = NextResponse.redirect(new URL(openPath(tokenUrl.door), request.nextUrl), 303);
    redirect.headers.set('Cache-Control', 'no-store');
    redirect.cookies.set(pendingTokenCookieName(tokenUrl.door), tokenUrl.token, pendingTokenCookieOptions(tokenUrl.door));
    response = redirect;
  } else if (path === '/viewer' || path.startsWith('/viewer/')) {
    response = NextResponse.next();
    if (!/\.m?js$/.test(path)) response.headers.set('Content-Security-Policy', viewerPolicy);
  } else if (!(await databaseAnswering())) {
    // Every page needs the database; while it is down, say so at once instead of hanging.
    response = unavailablePage(pickLanguage(request.cookies.get(languageCookieName)?.value, request.headers.get('accept-language')));
    response.headers.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
  } else {
    const nonce = newCspNonce();
    const csp = portalCsp(nonce, s3Origin);
    const headers = new Headers(request.headers);
    headers.delete(recipientPageHeader); // only this proxy says what a page is
    headers.delete(recipientPathHeader);
    if (recipientPrefixes.some((prefix) => path.startsWith(prefix))) {
      headers.set(recipientPageHeader, '1');
      // For the not-found page, which cannot see the path: on /s/open and /u/open, the link it stands for.
      const door = (['s', 'u'] as const).find((d) => path === openPath(d));
      const pending = door ? request.cookies.get(pendingTokenCookieName(door))?.value : undefined;
      headers.set(recipientPathHeader, door && pending ? `/${door}/${pending}` : path);
    }
    headers.set('Content-Security-Policy', csp); // Next takes the nonce for its own scripts from here
    response = NextResponse.next({ request: { headers } });
    response.headers.set('Content-Security-Policy', csp);
  }
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

// Every page, since any page may carry a server action; not route handlers (/api: JSON,
// redirects, uploads that must stream), Next's own assets, the favicon, or the small
// viewer's files (its decoder worker carries its own CSP, next.config.js).
export const config = { matcher: ['/((?!api/|_next/|phone-viewer/|favicon\\.ico).*)'] };
