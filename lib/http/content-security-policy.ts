// The Content-Security-Policy of every portal page (the OHIF viewer under /viewer
// has its own, lib/viewer/next-viewer-config.cjs). Scripts run only with this
// response's nonce: Next reads the nonce from the request's CSP header (set by
// proxy.ts) and puts it on its own script tags; 'strict-dynamic' lets those load
// their chunks. No 'unsafe-inline' for scripts. Styles keep 'unsafe-inline'
// because React renders style attributes. Images, fetches and workers may reach
// the S3 origin, where presigned URLs point (the viewer host, thumbnails).
// form-action is left open on purpose: signing in with OIDC posts to our own
// route, which redirects to the facility's identity provider, and Chromium
// applies form-action to that redirect; the providers are per facility, in the
// database, so no static list could name them.
import { randomBytes } from 'node:crypto';

export function newCspNonce(): string {
  return randomBytes(18).toString('base64');
}

export function portalCsp(nonce: string, s3Origin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${s3Origin}`,
    "font-src 'self' data:",
    `connect-src 'self' ${s3Origin}`,
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** HSTS only where the portal is reached over HTTPS (a plain-HTTP origin would ignore it anyway). */
export function strictTransportSecurity(publicOrigin: string): string | undefined {
  return publicOrigin.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : undefined;
}
