// lib/viewer/next-viewer-config.cjs as Next applies it: each request path is
// run through Next's own route matcher (headers: later entries win per key).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const requireCjs = createRequire(import.meta.url);
type Header = { key: string; value: string };
const { getPathMatch } = requireCjs('next/dist/shared/lib/router/utils/path-match') as {
  getPathMatch: (source: string, opts: { strict: boolean }) => (pathname: string) => false | object;
};
const { viewerHeaders, viewerRewrites } = requireCjs('../../../lib/viewer/next-viewer-config.cjs') as {
  viewerHeaders: (origin: string | string[]) => { source: string; headers: Header[] }[];
  viewerRewrites: Record<'beforeFiles' | 'afterFiles' | 'fallback', { source: string; destination: string }[]>;
};

const S3 = 'https://scanshare.s3.eu-west-1.amazonaws.com';
function headersFor(pathname: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of viewerHeaders(S3)) {
    if (getPathMatch(rule.source, { strict: true })(pathname)) for (const h of rule.headers) out[h.key] = h.value;
  }
  return out;
}
const fallbackFor = (pathname: string) =>
  viewerRewrites.fallback.find((r) => getPathMatch(r.source, { strict: true })(pathname))?.destination ?? null;

describe('[VIEWER] next-viewer-config', () => {
  test('[VIEWER] every HTML path gets the CSP, no-cache and the hardening headers', () => {
    for (const p of ['/viewer', '/viewer/index.html', '/viewer/viewer/dicomjson']) {
      const h = headersFor(p);
      assert.match(h['Content-Security-Policy'] ?? '', /script-src 'self' 'sha256-[^']+' 'sha256-[^']+';/, p);
      assert.match(h['Content-Security-Policy'] ?? '', new RegExp(`connect-src 'self' ${S3};`), p);
      assert.match(h['Content-Security-Policy'] ?? '', /frame-ancestors 'self'/, p);
      assert.equal(h['Cache-Control'], 'no-cache', p);
      assert.equal(h['Referrer-Policy'], 'no-referrer', p);
      assert.equal(h['X-Content-Type-Options'], 'nosniff', p);
    }
  });

  test('[VIEWER] JavaScript never carries the CSP (decoder workers would need eval)', () => {
    for (const p of ['/viewer/app.bundle.0f6159c501addfe9.js', '/viewer/app-config.js', '/viewer/scanshare-refresh.js']) {
      assert.equal(headersFor(p)['Content-Security-Policy'], undefined, p);
    }
  });

  test('[VIEWER] hashed bundles, wasm and fonts are immutable; config and refresh script are not', () => {
    const immutable = 'public, max-age=31536000, immutable';
    for (const p of ['/viewer/app.bundle.0f6159c501addfe9.js', '/viewer/8097.bundle.8ae6404ba94890a0.js', '/viewer/776f756dd939124e.wasm', '/viewer/a34f9d1faa5f3315.woff2']) {
      assert.equal(headersFor(p)['Cache-Control'], immutable, p);
    }
    for (const p of ['/viewer/app-config.js', '/viewer/scanshare-refresh.js', '/viewer/app.bundle.css', '/viewer/index.html']) {
      assert.equal(headersFor(p)['Cache-Control'], 'no-cache', p);
    }
  });

  test('[VIEWER] unknown viewer paths fall back to index.html, but a missing .js stays a 404', () => {
    assert.equal(fallbackFor('/viewer'), '/viewer/index.html');
    assert.equal(fallbackFor('/viewer/viewer/dicomjson'), '/viewer/index.html');
    assert.equal(fallbackFor('/viewer/missing.js'), null);
    assert.equal(fallbackFor('/api/links/x/studies/y/manifest'), null);
    assert.deepEqual(viewerRewrites.beforeFiles, []);
    assert.deepEqual(viewerRewrites.afterFiles, []);
  });

  test('[VIEWER] the S3 origin must be a bare origin', () => {
    assert.throws(() => viewerHeaders('https://bucket.s3.amazonaws.com/path'), /bare http\(s\) origin/);
    assert.throws(() => viewerHeaders('not a url'), /not a URL/);
    assert.throws(() => viewerHeaders("https://a.example 'unsafe-inline'"), /./);
    assert.match(viewerHeaders([S3, 'http://localhost:19000'])[2]?.headers[0]?.value ?? '', /connect-src 'self' \S+ http:\/\/localhost:19000;/);
  });
});
