// Headers and rewrites for the OHIF viewer copy that scripts/setup-viewer.ts
// puts in public/viewer/. CommonJS so next.config.js can require it as is:
//
//   const { viewerHeaders, viewerRewrites } = require('./lib/viewer/next-viewer-config.cjs');
//   headers: async () => [...viewerHeaders(env.S3_PUBLIC_ORIGIN), ...otherHeaders],
//   rewrites: async () => ({
//     beforeFiles: [...viewerRewrites.beforeFiles],
//     afterFiles: [...viewerRewrites.afterFiles],
//     fallback: [...viewerRewrites.fallback],
//   }),
//
// This file is also the single source of the inline scripts of the rewritten
// index.html: setup-viewer writes exactly VIEWER_INLINE_SCRIPTS and fails if
// OHIF's originals change, so the CSP hashes below always match what is served.
'use strict';

const { createHash } = require('node:crypto');

const VIEWER_BASE = '/viewer';

/** The inline <script> bodies of public/viewer/index.html, in document order. */
const VIEWER_INLINE_SCRIPTS = Object.freeze([
  'console.time("scriptToView"),window.PUBLIC_URL="/viewer/"',
  'function browserImportFunction(n){return import(n)}window.PUBLIC_URL="/viewer/"',
]);

const inlineScriptHashes = VIEWER_INLINE_SCRIPTS.map(
  (body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);

// Hashed webpack output: `<chunk>.bundle.<16 hex>.js`, `<16 hex>.wasm|woff2`.
const HASHED_ASSET = `${VIEWER_BASE}/:file([^/]+\\.bundle\\.[0-9a-f]{16}\\.js|[0-9a-f]{16}\\.(?:wasm|woff2))`;
// Every path under the base except JavaScript. HTML (index.html and the SPA
// fallback) is always in this set, so it always carries the CSP; JS never does,
// because worker scripts take their CSP from their own response and the
// JPEG 2000 / JPEG-LS decoder workers need eval. A CSP on CSS/PNG/JSON is inert.
const NOT_JS = `${VIEWER_BASE}/:path((?!.*\\.m?js$).*)`;

function toOrigins(s3Origin) {
  const list = Array.isArray(s3Origin) ? s3Origin : [s3Origin];
  return list.map((value) => {
    let url;
    try {
      url = new URL(String(value));
    } catch {
      throw new Error(`viewerHeaders: S3 origin ${JSON.stringify(value)} is not a URL`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== String(value).replace(/\/$/, '')) {
      throw new Error(`viewerHeaders: S3 origin ${JSON.stringify(value)} must be a bare http(s) origin such as https://bucket.s3.eu-west-1.amazonaws.com`);
    }
    return url.origin;
  });
}

/** The viewer page's Content-Security-Policy; `s3Origin` is where presigned GETs go. */
function viewerCsp(s3Origin) {
  const origins = toOrigins(s3Origin);
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScriptHashes.join(' ')}`,
    // OHIF's React components set style attributes and inject <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${origins.join(' ')}`,
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * Next `headers()` entries for `/viewer/:path*`. Later entries override earlier
 * ones for the same key, so the general defaults come first.
 * @param {string | string[]} s3Origin public origin(s) of the presigned GET URLs
 */
function viewerHeaders(s3Origin) {
  const csp = viewerCsp(s3Origin);
  return [
    {
      source: `${VIEWER_BASE}/:path*`,
      headers: [
        { key: 'Cache-Control', value: 'no-cache' },
        { key: 'Referrer-Policy', value: 'no-referrer' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
      ],
    },
    {
      source: HASHED_ASSET,
      headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
    },
    // `/viewer/:path(...)` does not match the bare base, which is HTML too.
    ...[VIEWER_BASE, NOT_JS].map((source) => ({
      source,
      headers: [
        { key: 'Content-Security-Policy', value: csp },
        { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
      ],
    })),
    // .wasm needs no rule: Next's static server already sends application/wasm.
  ];
}

/**
 * Next `rewrites()` object. OHIF is a single-page app under routerBasename
 * `/viewer`: any path there that is not a file (e.g. /viewer/viewer/dicomjson)
 * serves index.html. Missing `.js` files stay 404s, so a stale chunk fails as a
 * script error instead of being parsed as HTML, and no HTML response can escape
 * the CSP above.
 */
const viewerRewrites = {
  beforeFiles: [],
  afterFiles: [],
  fallback: [
    { source: VIEWER_BASE, destination: `${VIEWER_BASE}/index.html` },
    { source: NOT_JS, destination: `${VIEWER_BASE}/index.html` },
  ],
};

module.exports = { viewerHeaders, viewerRewrites, viewerCsp, VIEWER_BASE, VIEWER_INLINE_SCRIPTS };
