// Runs before every request: adds the viewer's Content-Security-Policy, which
// names the S3 origin that presigned URLs point at (known only at run time).
// Not an authorization gate: every page, action and route checks through lib/.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
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

export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  if (!/\.m?js$/.test(request.nextUrl.pathname)) response.headers.set('Content-Security-Policy', viewerPolicy());
  return response;
}

export const config = { matcher: ['/viewer', '/viewer/:path*'] };
