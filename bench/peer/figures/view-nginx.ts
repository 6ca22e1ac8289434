// First image and all instances for a viewer served by the bench's nginx (the
// peer: OHIF + Orthanc; or the static reference), measured the way
// bench/figures/first-image.ts measures ScanShare: a fresh profile, a press on
// "View" on a list page (its pointerdown timestamp starts the clock), the first
// viewport canvas with non-blank pixels (tests/pages/viewer-canvas.ts), then the
// N-th distinct instance URL answered 200. The viewer here is the top-level page
// (OHIF as it is usually deployed), not an iframe.
import type { BrowserContext, Page } from '@playwright/test';
import { waitForRenderedImage } from '../../../tests/pages/viewer-canvas';
import { launchFreshProfile } from '../../lib/browser';
import { startBusyMeter, waitForQuiet } from '../../lib/cpu-busy';

export type Target = {
  system: 'peer' | 'peer-gzip' | 'static';
  origin: string;
  listPath: string;
  /** An instance's pixel-data request. */
  isInstance: (url: string) => boolean;
  /** A metadata request (what the viewer reads before it can request pixels). */
  isMetadata: (url: string) => boolean;
  expectedInstances: number;
};

export type NginxViewRun = {
  system: Target['system'];
  mode: 'cold' | 'warm';
  firstImageMs: number | null;
  allInstancesMs: number | null;
  instancesLoaded: number;
  phases: Record<string, number | null>;
  viewerCode: { files: number; transferMB: number };
  otherProcessesBusyPercent: number;
};

const imageTimeoutMs = 60_000;
const allInstancesTimeoutMs = 90_000;

function watchInstances(context: BrowserContext, isInstance: (url: string) => boolean) {
  const done = new Map<string, number>();
  context.on('requestfinished', async (req) => {
    const at = Date.now();
    const url = req.url();
    if (!isInstance(url)) return;
    const res = await req.response().catch(() => null);
    if (res?.status() === 200 && !done.has(url)) done.set(url, at);
  });
  return {
    since: (t: number) => [...done.values()].filter((d) => d >= t).sort((a, b) => a - b),
    reset: () => done.clear(),
  };
}

type Timing = { timeOrigin: number; htmlEnd: number | null; resources: Array<{ name: string; start: number; end: number; transfer: number }> };

async function timing(page: Page): Promise<Timing | null> {
  return page
    .evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        timeOrigin: performance.timeOrigin,
        htmlEnd: nav ? nav.responseEnd : null,
        resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd, transfer: e.transferSize })),
      };
    })
    .catch(() => null);
}

const isCode = (name: string) => /\/viewer\/.*\.(?:m?js|wasm|css)(?:\?|$)/.test(name);

/** Consecutive phases after the press (ms), the same cut as bench/lib/view-timeline.ts. */
function phases(t: Timing, clickAt: number, firstImage: number, target: Target) {
  const rel = (ms: number) => t.timeOrigin + ms - clickAt;
  const meta = t.resources.filter((r) => target.isMetadata(r.name));
  const inst = t.resources.filter((r) => target.isInstance(r.name));
  const firstInstStart = inst.length ? Math.min(...inst.map((r) => r.start)) : null;
  const metaBefore = meta.filter((r) => firstInstStart === null || r.start <= firstInstStart);
  const metaStart = metaBefore.length ? Math.min(...metaBefore.map((r) => r.start)) : null;
  const metaEnd = metaBefore.length ? Math.max(...metaBefore.map((r) => r.end)) : null;
  const code = t.resources.filter((r) => isCode(r.name) && (metaStart === null || r.start <= metaStart));
  const marks: Array<[string, number | null]> = [
    ['click → viewer document starts', t.timeOrigin - clickAt],
    ['viewer index.html', t.htmlEnd === null ? null : rel(t.htmlEnd)],
    ['viewer boot → metadata request', metaStart === null ? null : rel(metaStart)],
    ['metadata requests', metaEnd === null ? null : rel(metaEnd)],
    ['metadata → first instance request', firstInstStart === null ? null : rel(firstInstStart)],
    ['first instance fetch', inst.length ? rel(Math.min(...inst.map((r) => r.end).filter((e) => e > 0))) : null],
    ['decode + render + detection', firstImage],
  ];
  const out: Record<string, number | null> = {};
  let previous = 0;
  for (const [name, mark] of marks) {
    if (mark === null) {
      out[name] = null;
      continue;
    }
    const at = Math.max(previous, mark, 0);
    out[name] = Math.round(at - previous);
    previous = at;
  }
  return {
    phases: out,
    viewerCode: { files: code.length, transferMB: Number((code.reduce((n, r) => n + r.transfer, 0) / 1e6).toFixed(2)) },
  };
}

async function viewOnce(page: Page, target: Target, watcher: ReturnType<typeof watchInstances>, mode: 'cold' | 'warm', log: (l: string) => void): Promise<NginxViewRun> {
  await page.goto(`${target.origin}${target.listPath}`);
  const view = page.getByTestId('shared-study').first().getByRole('link', { name: 'View' });
  await view.waitFor({ state: 'visible', timeout: 30_000 });
  // Offset from the page's clock (epoch ms) to this process's Date.now().
  const offset = await page.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
  const busy = startBusyMeter();
  watcher.reset();
  const clickStartedAt = Date.now();
  await view.click();
  const waited = await waitForRenderedImage(page, imageTimeoutMs);
  const firstImageAt = Date.now();
  const deadline = Date.now() + allInstancesTimeoutMs;
  while (watcher.since(clickStartedAt).length < target.expectedInstances && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const arrived = watcher.since(clickStartedAt);
  const pressed = await page.evaluate(() => Number(sessionStorage.getItem('benchClickAt') ?? 'NaN')).catch(() => Number.NaN);
  const clickAt = Number.isFinite(pressed) ? pressed + offset : clickStartedAt;
  const firstImageMs = waited === null ? null : Math.round(firstImageAt - clickAt);
  const allInstancesMs = arrived.length >= target.expectedInstances ? Math.round(arrived[target.expectedInstances - 1]! - clickAt) : null;
  const t = waited === null ? null : await timing(page);
  const p = t ? phases(t, clickAt - offset, firstImageAt - clickAt, target) : { phases: {}, viewerCode: { files: 0, transferMB: 0 } };
  const run: NginxViewRun = {
    system: target.system,
    mode,
    firstImageMs,
    allInstancesMs,
    instancesLoaded: arrived.length,
    phases: p.phases,
    viewerCode: p.viewerCode,
    otherProcessesBusyPercent: busy().othersPercent,
  };
  log(`  ${target.system.padEnd(9)} ${mode.padEnd(5)} first image ${firstImageMs ?? 'TIMEOUT'} ms, all ${target.expectedInstances} instances ${allInstancesMs ?? `not within ${allInstancesTimeoutMs / 1000} s (${arrived.length})`} ms`);
  return run;
}

/** One fresh profile: a cold view, then the list page again and a warm view (viewer code cached). */
export async function nginxViewProfile(target: Target, log: (l: string) => void): Promise<NginxViewRun[]> {
  await waitForQuiet(log);
  const profile = await launchFreshProfile(target.origin);
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    const watcher = watchInstances(profile.context, target.isInstance);
    return [await viewOnce(page, target, watcher, 'cold', log), await viewOnce(page, target, watcher, 'warm', log)];
  } finally {
    await profile.close();
  }
}
