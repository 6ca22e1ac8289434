// Loads public/viewer (as left by scripts/setup-viewer.ts) in real Chromium
// against a fake portal + fake S3 (viewer-harness.ts) and checks that images
// render, that nothing leaves /viewer/ or the machine, and that expired
// presigned URLs are refreshed through the portal. Skipped without Chromium.
//   node --import tsx --test tests/integration/viewer/viewer-render.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startHarness, writeCtSeries, type Harness } from './viewer-harness';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed`;

let browser: Browser;
let harness: Harness;
let dataDir: string;

before(async () => {
  if (skip) return;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/setup-viewer.ts')], { cwd: root });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'scanshare-viewer-'));
  const study = await writeCtSeries(dataDir, 12, 128);
  harness = await startHarness(path.join(root, 'public'), dataDir, study);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await harness?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Load { page: Page; external: string[]; cspViolations: string[]; firstImageMs: number | null }

/** Opens the viewer on a manifest and waits (up to 45 s) for a lit viewport canvas. */
async function openViewer(linkId: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).hostname === 'localhost') return route.continue();
    external.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const manifest = `/api/links/${linkId}/studies/S1/manifest`;
  const started = Date.now();
  await page.goto(`${harness.portalOrigin}/viewer/viewer/dicomjson?url=${encodeURIComponent(manifest)}`);
  let firstImageMs: number | null = null;
  while (Date.now() - started < 45_000 && firstImageMs === null) {
    const lit = await page
      .evaluate(() =>
        [...document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')].some((c) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0 || c.height === 0) return false;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0) > 30) n += 1;
          return n > (c.width * c.height) / 50;
        }),
      )
      .catch(() => false);
    if (lit) firstImageMs = Date.now() - started;
    else await page.waitForTimeout(100);
  }
  const cspViolations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { page, external, cspViolations, firstImageMs };
}

describe('[VIEWER] OHIF under /viewer/ in Chromium', { skip }, () => {
  test('[VIEWER] renders a study offline, requesting nothing outside /viewer/ but the manifest', async () => {
    harness.log.portal.length = 0;
    const load = await openViewer('fresh');
    try {
      assert.notEqual(load.firstImageMs, null, 'a viewport shows a non-blank image');
      assert.deepEqual(load.external, []);
      assert.deepEqual(load.cspViolations, []);
      const outside = harness.log.portal.filter((p) => !p.startsWith('/viewer/') && !p.endsWith('/manifest'));
      assert.deepEqual(outside, []);
      assert.deepEqual(harness.log.portal.filter((p) => /\/(ort|dicom-microscopy-viewer)\/|sw\.js|service-worker/.test(p)), []);
      assert.equal(harness.log.preflights, 0, 'presigned GETs need no CORS preflight');
      assert.equal(harness.log.s3Rejected, 0);
    } finally {
      await load.page.context().close();
    }
  });

  test('[VIEWER] expired presigned URLs are swapped for the refresh route and still render', async () => {
    const refreshesBefore = harness.log.refreshes;
    const rejectedBefore = harness.log.s3Rejected;
    const load = await openViewer('expired');
    try {
      assert.notEqual(load.firstImageMs, null, 'a viewport shows a non-blank image');
      assert.ok(harness.log.refreshes > refreshesBefore, 'instances went through /api/links/…/instances/…/object');
      assert.equal(harness.log.s3Rejected, rejectedBefore, 'no expired URL reached S3');
      assert.deepEqual(load.cspViolations, []);
    } finally {
      await load.page.context().close();
    }
  });
});
