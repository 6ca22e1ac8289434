// Figure 1, first image: from the recipient's click on "View" on the shared-
// studies page (after the access check) to the first viewport canvas with
// non-blank pixels in the viewer iframe, and on to the moment all instances of
// the study have come back from S3.
//   cold          fresh profile; click as soon as the View link is visible
//   cold-settled  fresh profile; click once the list page (and its viewer
//                 preload iframe) has gone network-idle
//   warm          same profile, second view: the viewer code is in the cache
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { waitForRenderedImage } from '../../tests/pages/viewer-canvas';
import { launchFreshProfile } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import { startBusyMeter, waitForQuiet } from '../lib/cpu-busy';
import { openLink, type BenchLink } from '../lib/share-link';
import { armClickClock, clickClock, viewerCodeLoaded, viewTimeline, type Breakdown } from '../lib/view-timeline';

export type ViewRun = {
  mode: 'cold' | 'cold-settled' | 'warm';
  firstImageMs: number | null;
  allInstancesMs: number | null;
  instancesLoaded: number;
  /** Viewer code the list page's preload iframe had fetched when View was clicked. */
  preloadAtClick: { files: number; transferMB: number; fromCache: number } | null;
  listPageDwellMs: number;
  externalRequests: number;
  machineBusyPercent: number;
  breakdown: Breakdown | null;
};

const frameTimeoutMs = 30_000;
const imageTimeoutMs = 60_000;
const allInstancesTimeoutMs = 90_000;

async function findViewerFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + frameTimeoutMs;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().includes('/viewer/viewer/dicomjson'));
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
    const host = new URL(req.url()).hostname;
    if (!['localhost', '127.0.0.1'].includes(host) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) external += 1;
  });
  return { since: (t: number) => done.filter((d) => d >= t).sort((a, b) => a - b), external: () => external };
}

async function viewOnce(
  ctx: BenchContext,
  page: Page,
  watcher: ReturnType<typeof watchInstances>,
  mode: ViewRun['mode'],
  listArrivedAt: number,
  expectedInstances: number,
  studyPath: string,
): Promise<ViewRun> {
  const view = page.getByTestId('shared-study').first().getByRole('link', { name: 'View' });
  await view.waitFor({ state: 'visible', timeout: 30_000 });
  if (mode === 'cold-settled') await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
  const preloadFrame = page.frames().find((f) => f.url().includes('/viewer/index.html'));
  const preloadAtClick = preloadFrame ? await viewerCodeLoaded(preloadFrame) : null;
  await armClickClock(page);

  const busy = startBusyMeter();
  const externalBefore = watcher.external();
  const clickStartedAt = Date.now();
  await view.click();
  const viewer = await findViewerFrame(page);
  const waited = await waitForRenderedImage(viewer, imageTimeoutMs);
  const firstImageAt = Date.now();
  const firstImageMs = waited === null ? null : firstImageAt - clickStartedAt;

  const deadline = Date.now() + allInstancesTimeoutMs;
  while (watcher.since(clickStartedAt).length < expectedInstances && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const arrived = watcher.since(clickStartedAt);
  const allInstancesMs = arrived.length >= expectedInstances ? arrived[expectedInstances - 1]! - clickStartedAt : null;

  const clickAt = (await clickClock(page)) ?? clickStartedAt;
  const breakdown = waited === null ? null : await viewTimeline(page, viewer, clickAt, firstImageAt, ctx.s3Origin, studyPath).catch(() => null);
  const run: ViewRun = {
    mode,
    firstImageMs,
    allInstancesMs,
    instancesLoaded: arrived.length,
    preloadAtClick,
    listPageDwellMs: clickStartedAt - listArrivedAt,
    externalRequests: watcher.external() - externalBefore,
    machineBusyPercent: busy(),
    breakdown,
  };
  ctx.log(
    `  ${mode.padEnd(12)} first image ${firstImageMs ?? 'TIMEOUT'} ms, all ${expectedInstances} instances ${allInstancesMs ?? `not within ${allInstancesTimeoutMs / 1000} s (${arrived.length})`} ms` +
      (preloadAtClick ? `; preload had ${preloadAtClick.files} code files at click` : ''),
  );
  return run;
}

/** One fresh profile: access check, a first view (cold or cold-settled), then optionally a warm second view. */
export async function firstImageProfile(
  ctx: BenchContext,
  link: BenchLink,
  studyId: string,
  expectedInstances: number,
  cold: 'cold' | 'cold-settled',
  withWarm: boolean,
): Promise<ViewRun[]> {
  await waitForQuiet(ctx.log);
  const profile = await launchFreshProfile(ctx.baseUrl);
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    const watcher = watchInstances(profile.context, ctx.s3Origin);
    const studyPath = `/links/${link.shareLinkId}/studies/${studyId}`;
    await openLink(page, link);
    const runs = [await viewOnce(ctx, page, watcher, cold, Date.now(), expectedInstances, studyPath)];
    if (withWarm) {
      await page.goto(`/links/${link.shareLinkId}`, { waitUntil: 'commit' });
      runs.push(await viewOnce(ctx, page, watcher, 'warm', Date.now(), expectedInstances, studyPath));
    }
    return runs;
  } finally {
    await profile.close();
  }
}
