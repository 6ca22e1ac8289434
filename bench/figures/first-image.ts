// Figure 1, first image: from the recipient's click on "View" on the shared-
// studies page (after the access check) to the first viewport canvas with
// non-blank pixels in the viewer iframe, and on to the moment all instances of
// the study have come back from S3. Four ways, one fresh profile per pair:
//   cold          fresh profile; click as soon as the View link is visible
//   warm          same profile, list page opened again, click as soon as visible
//   cold-settled  fresh profile; click once the list page's viewer iframe (if
//                 it has one) has loaded and then fetched nothing for a second
//   warm-settled  same profile, list page opened again and settled
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { waitForRenderedImage } from '../../tests/pages/viewer-canvas';
import { launchFreshProfile } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import { startBusyMeter, waitForQuiet } from '../lib/cpu-busy';
import { openLink, type BenchLink } from '../lib/share-link';
import { armClickClock, clickClock, viewerCodeLoaded, viewTimeline, type Breakdown } from '../lib/view-timeline';

export type ViewMode = 'cold' | 'warm' | 'cold-settled' | 'warm-settled';

export type ViewRun = {
  mode: ViewMode;
  /** From the press on View (as the browser received it) to the first non-blank viewport. */
  firstImageMs: number | null;
  allInstancesMs: number | null;
  /** The press as the browser received it, after Playwright started its click (actionability checks). */
  clickDispatchMs: number | null;
  /** From the press arriving to its first event handler: how busy the page's main thread was. */
  inputDelayMs: number | null;
  instancesLoaded: number;
  /** The list page's viewer iframe (if it has one) when View was clicked. */
  preloadAtClick: { url: string; loaded: boolean; files: number; transferMB: number; fromCache: number } | null;
  /** Settled modes: list page shown → its viewer iframe's load event / its last fetch before a quiet second. */
  listPageSettle: { viewerLoadMs: number | null; viewerIdleMs: number | null } | null;
  listPageDwellMs: number;
  externalRequests: number;
  otherProcessesBusyPercent: number;
  breakdown: Breakdown | null;
};

const frameTimeoutMs = 30_000;
const imageTimeoutMs = 60_000;
const allInstancesTimeoutMs = 90_000;
const settleTimeoutMs = 30_000;

const isViewerFrame = (f: Frame) => f.url().includes('/viewer/viewer/dicomjson');
const isIdleViewerFrame = (page: Page, f: Frame) => f !== page.mainFrame() && new URL(f.url(), 'http://x').pathname.startsWith('/viewer') && !isViewerFrame(f);

async function findViewerFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + frameTimeoutMs;
  while (Date.now() < deadline) {
    const frame = page.frames().find(isViewerFrame);
    if (frame) return frame;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no viewer iframe (/viewer/viewer/dicomjson) appeared after the click');
}

/** Counts instance GETs answered by the S3 origin in this context, with their arrival times. */
function watchInstances(context: BrowserContext, s3Origin: string) {
  const done: number[] = [];
  let external = 0;
  context.on('requestfinished', async (req) => {
    const at = Date.now();
    const url = req.url();
    if (url.startsWith(s3Origin) && url.includes('/instances/')) {
      const res = await req.response().catch(() => null);
      if (res?.status() === 200) done.push(at);
    }
  });
  context.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (!['localhost', '127.0.0.1'].includes(new URL(url).hostname)) external += 1;
  });
  return { since: (t: number) => done.filter((d) => d >= t).sort((a, b) => a - b), external: () => external };
}

/**
 * Waits until the list page's viewer iframe (if any) has loaded and then fetched
 * nothing for `quietMs`: whatever the page preloads has been preloaded.
 */
async function settleListPage(page: Page, arrivedAt: number): Promise<ViewRun['listPageSettle']> {
  const deadline = Date.now() + settleTimeoutMs;
  let viewerLoadMs: number | null = null;
  let frame: Frame | undefined;
  while (Date.now() < deadline && viewerLoadMs === null) {
    frame = page.frames().find((f) => isIdleViewerFrame(page, f));
    if (frame && (await frame.evaluate(() => document.readyState === 'complete').catch(() => false))) viewerLoadMs = Date.now() - arrivedAt;
    else if (!frame && Date.now() - arrivedAt > 5_000) return { viewerLoadMs: null, viewerIdleMs: null }; // nothing preloads
    else await new Promise((r) => setTimeout(r, 20));
  }
  if (!frame || viewerLoadMs === null) return { viewerLoadMs, viewerIdleMs: null };
  const quietMs = 1_000;
  let count = -1;
  let changedAt = Date.now();
  while (Date.now() < deadline && Date.now() - changedAt < quietMs) {
    const now = await frame.evaluate(() => performance.getEntriesByType('resource').length).catch(() => count);
    if (now !== count) {
      count = now;
      changedAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { viewerLoadMs, viewerIdleMs: Date.now() - changedAt >= quietMs ? changedAt - arrivedAt : null };
}

async function viewOnce(
  ctx: BenchContext,
  page: Page,
  watcher: ReturnType<typeof watchInstances>,
  mode: ViewMode,
  listArrivedAt: number,
  expectedInstances: number,
  studyPath: string,
): Promise<ViewRun> {
  const view = page.getByTestId('shared-study').first().getByRole('link', { name: 'View' });
  await view.waitFor({ state: 'visible', timeout: 30_000 });
  const listPageSettle = mode.endsWith('settled') ? await settleListPage(page, listArrivedAt) : null;
  const preloadFrame = page.frames().find((f) => isIdleViewerFrame(page, f));
  const preloadAtClick = preloadFrame
    ? {
        url: new URL(preloadFrame.url()).pathname,
        loaded: await preloadFrame.evaluate(() => document.readyState === 'complete').catch(() => false),
        ...(await viewerCodeLoaded(preloadFrame)),
      }
    : null;
  const pageClockOffset = await armClickClock(page);

  const busy = startBusyMeter();
  const externalBefore = watcher.external();
  const clickStartedAt = Date.now();
  await view.click();
  const viewer = await findViewerFrame(page);
  const waited = await waitForRenderedImage(viewer, imageTimeoutMs);
  const firstImageAt = Date.now();

  const deadline = Date.now() + allInstancesTimeoutMs;
  while (watcher.since(clickStartedAt).length < expectedInstances && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const arrived = watcher.since(clickStartedAt);

  // The clock starts when the browser received the press, not when Playwright
  // began its actionability checks; both on this process's clock.
  const press = await clickClock(page).catch(() => null);
  const clickAt = press ? press.at + pageClockOffset : clickStartedAt;
  const firstImageMs = waited === null ? null : Math.round(firstImageAt - clickAt);
  const allInstancesMs = arrived.length >= expectedInstances ? Math.round(arrived[expectedInstances - 1]! - clickAt) : null;
  const breakdown =
    waited === null ? null : await viewTimeline(page, viewer, clickAt - pageClockOffset, firstImageAt - pageClockOffset, ctx.s3Origin, studyPath).catch(() => null);
  const run: ViewRun = {
    mode,
    firstImageMs,
    allInstancesMs,
    clickDispatchMs: press ? Math.round(clickAt - clickStartedAt) : null,
    inputDelayMs: press ? Math.round(press.handledAt - press.at) : null,
    instancesLoaded: arrived.length,
    preloadAtClick,
    listPageSettle,
    listPageDwellMs: Math.round(clickAt - listArrivedAt),
    externalRequests: watcher.external() - externalBefore,
    otherProcessesBusyPercent: busy().othersPercent,
    breakdown,
  };
  ctx.log(
    `  ${mode.padEnd(12)} first image ${firstImageMs ?? 'TIMEOUT'} ms, all ${expectedInstances} instances ${allInstancesMs ?? `not within ${allInstancesTimeoutMs / 1000} s (${arrived.length})`} ms` +
      `; dwell ${run.listPageDwellMs} ms, input delay ${run.inputDelayMs ?? '?'} ms` +
      (breakdown?.viewerBootedBeforeClick ? '; viewer already running' : '; viewer started after the click'),
  );
  return run;
}

/** One fresh profile: access check, a cold view, then the list page again and a warm view. */
export async function firstImageProfile(ctx: BenchContext, link: BenchLink, studyId: string, expectedInstances: number, settled: boolean): Promise<ViewRun[]> {
  await waitForQuiet(ctx.log);
  const profile = await launchFreshProfile(ctx.baseUrl);
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    const watcher = watchInstances(profile.context, ctx.s3Origin);
    const studyPath = `/links/${link.shareLinkId}/studies/${studyId}`;
    await openLink(page, link);
    const runs = [await viewOnce(ctx, page, watcher, settled ? 'cold-settled' : 'cold', Date.now(), expectedInstances, studyPath)];
    await page.goto(`/links/${link.shareLinkId}`, { waitUntil: 'commit' });
    runs.push(await viewOnce(ctx, page, watcher, settled ? 'warm-settled' : 'warm', Date.now(), expectedInstances, studyPath));
    return runs;
  } finally {
    await profile.close();
  }
}
