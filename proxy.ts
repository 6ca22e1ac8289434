// Runs before matched requests: adds the viewer's Content-Security-Policy, which
// names the S3 origin that presigned URLs point at (known only at run time), and
// marks recipient pages (/s/…, /links/…, and the upload link's /u/…, /uploads-for/…)
// so the root layout negotiates their language for <html lang> (layouts cannot see
// the path). Logs nothing: /s/<token> and /u/<token> pass here.
// Not an authorization gate: every page, action and route checks through lib/.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
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
  if (recipientPrefixes.some((prefix) => path.startsWith(prefix))) {
    const headers = new Headers(request.headers);
    headers.set(recipientPageHeader, '1');
    return NextResponse.next({ request: { headers } });
  }
  const response = NextResponse.next();
  if (!/\.m?js$/.test(request.nextUrl.pathname)) response.headers.set('Content-Security-Policy', viewerPolicy());
  return response;
}

export const config = { matcher: ['/viewer', '/viewer/:path*', '/s/:path*', '/links/:path*', '/u/:path*', '/uploads-for/:path*'] };
