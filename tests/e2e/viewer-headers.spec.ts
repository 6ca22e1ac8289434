// The viewer is served by the portal itself with its security and caching
// headers: a CSP naming the S3 origin (set at run time), immutable caching of
// hashed bundles, no referrers from the viewer at all.
import { test, expect } from '@playwright/test';

test('[VIEWER] viewer pages carry a CSP allowing only this origin and the S3 endpoint; bundles are immutable', async ({ request }) => {
  const html = await request.get('/viewer/viewer/dicomjson?url=%2Fapi%2Fx');
  expect(html.status()).toBe(200);
  const csp = html.headers()['content-security-policy'] ?? '';
  const s3Origin = new URL(process.env.S3_ENDPOINT!).origin;
  expect(csp).toContain(`connect-src 'self' ${s3Origin}`);
  expect(csp).toMatch(/script-src 'self' 'sha256-/);
  expect(csp).toContain("frame-ancestors 'self'");
  expect(html.headers()['referrer-policy']).toBe('no-referrer');

  const body = await html.text();
  const bundle = body.match(/src="(\/viewer\/[^"]+\.bundle\.[0-9a-f]{16}\.js)"/)?.[1];
  expect(bundle).toBeTruthy();
  const js = await request.get(bundle!);
  expect(js.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(js.headers()['content-security-policy']).toBeUndefined();
});

// same-origin, not no-referrer: see tests/e2e/forms-before-script.spec.ts.
test('[SHARE] every portal page sends Referrer-Policy: same-origin (no referrer to any other site) and COOP same-origin', async ({ request }) => {
  for (const path of ['/', '/sign-in', '/s/unknown-token']) {
    const res = await request.get(path);
    expect(res.headers()['referrer-policy'], path).toBe('same-origin');
    expect(res.headers()['cross-origin-opener-policy'], path).toBe('same-origin');
  }
});

test("[VIEWER] the small-screen viewer's decoder worker runs under a CSP allowing only this origin's scripts, wasm and fetches", async ({ request }) => {
  const worker = await request.get('/phone-viewer/decodeImageFrameWorker.js');
  expect(worker.status()).toBe(200);
  expect(worker.headers()['content-security-policy']).toBe("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'");
  const wasm = await request.get('/phone-viewer/openjpegwasm_decode.wasm');
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
});
