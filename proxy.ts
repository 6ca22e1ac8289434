// Runs before matched requests: refuses a server action posted from another site
// with 403 and a plain sentence (Next refuses it too, but answers 500 as if the
// portal had failed); adds the viewer's Content-Security-Policy, which names the S3
// origin that presigned URLs point at (known only at run time); and marks recipient
// pages (/s/…, /links/…, and the upload link's /u/…, /uploads-for/…) so the root
// layout negotiates their language for <html lang> (layouts cannot see the path).
// Logs nothing: /s/<token> and /u/<token> pass here.
// Not an authorization gate: every page, action and route checks through lib/.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { crossOriginRefusal, isForeignOrigin } from '@/lib/http/same-origin';
import { mayBeServerAction } from '@/lib/http/server-action-request';
import { recipientPageHeader } from '@/lib/i18n/languages';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { viewerCsp } = require('./lib/viewer/next-viewer-config.cjs') as { viewerCsp: (origin: string) => string };

let csp: string | undefined;

function viewerPolicy(): string {
  if (!csp) {
    const e = env();
    const s3Origin = e.S3_ENDPOINT ? new URL(e.S3_ENDPOINT).origin : `https://${e.S3_BUCKET}.s3.${e.S3_REGION}.amazonaws.com`;
    csp = viewerCsp(s3Origin);
  }
  return csp;
}

const recipientPrefixes = ['/s/', '/links/', '/u/', '/uploads-for/'];

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  // Server actions post to page paths. Route handlers (/api/…) check their own
  // origin, and some must take cross-site posts (the SAML ACS).
  if (!path.startsWith('/api/') && mayBeServerAction(request.method, request.headers) && isForeignOrigin(request.headers.get('origin'))) {
    return new NextResponse(crossOriginRefusal, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  if (recipientPrefixes.some((prefix) => path.startsWith(prefix))) {
    const headers = new Headers(request.headers);
    headers.set(recipientPageHeader, '1');
    return NextResponse.next({ request: { headers } });
  }
  const response = NextResponse.next();
  if ((path === '/viewer' || path.startsWith('/viewer/')) && !/\.m?js$/.test(path)) response.headers.set('Content-Security-Policy', viewerPolicy());
  return response;
}

// Every path but route handlers and Next's own assets: any page may carry a server action.
export const config = { matcher: ['/((?!api/|_next/).*)'] };
