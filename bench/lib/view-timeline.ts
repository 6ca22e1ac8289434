// Where the time goes between the click on "View" and the first image: Resource
// and Navigation Timing read from the page and from the viewer's iframe, put on
// one clock (epoch milliseconds; both documents run on this machine's clock),
// relative to the click as the page saw it.
import type { Frame, Page } from '@playwright/test';

export type ResourceEntry = { name: string; type: string; start: number; end: number; transfer: number; decoded: number };
type DocumentTiming = { timeOrigin: number; navResponseEnd: number | null; resources: ResourceEntry[] };

async function documentTiming(target: Page | Frame): Promise<DocumentTiming> {
  return target.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      timeOrigin: performance.timeOrigin,
      navResponseEnd: nav ? nav.responseEnd : null,
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        name: e.name,
        type: e.initiatorType,
        start: e.startTime,
        end: e.responseEnd,
        transfer: e.transferSize,
        decoded: e.decodedBodySize,
      })),
    };
  });
}

/**
 * Records, in the page, when the next press on the page arrived: the pointerdown
 * event's own timestamp (when the browser received the input, even if a busy
 * main thread handled it later), as epoch ms on the page's clock. Also returns the
 * offset to add to page-clock epoch times to put them on this process's Date.now().
 */
export async function armClickClock(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { __benchClickAt?: number; __benchHandledAt?: number };
    delete w.__benchClickAt;
    delete w.__benchHandledAt;
    document.addEventListener(
      'pointerdown',
      (e) => {
        w.__benchClickAt ??= performance.timeOrigin + e.timeStamp;
        w.__benchHandledAt ??= performance.timeOrigin + performance.now();
      },
      { capture: true, once: true },
    );
    return Date.now() - (performance.timeOrigin + performance.now());
  });
}

/** The press recorded by armClickClock (page clock), and when its first handler ran. */
export async function clickClock(page: Page): Promise<{ at: number; handledAt: number } | null> {
  return page.evaluate(() => {
    const w = window as unknown as { __benchClickAt?: number; __benchHandledAt?: number };
    return w.__benchClickAt === undefined ? null : { at: w.__benchClickAt, handledAt: w.__benchHandledAt ?? w.__benchClickAt };
  });
}

const isCode = (name: string) => /\/viewer\/.*\.(?:m?js|wasm|css)(?:\?|$)/.test(name);

/** What the viewer code fetched in a frame so far: count, bytes over the network, entries served from cache. */
export async function viewerCodeLoaded(frame: Frame): Promise<{ files: number; transferMB: number; fromCache: number }> {
  const t = await documentTiming(frame).catch(() => null);
  const code = t?.resources.filter((r) => isCode(r.name) && r.end > 0) ?? [];
  return {
    files: code.length,
    transferMB: Number((code.reduce((n, r) => n + r.transfer, 0) / 1e6).toFixed(2)),
    fromCache: code.filter((r) => r.transfer === 0).length,
  };
}

export type Breakdown = {
  /** Milliseconds after the click, on the page's clock. */
  marks: {
    viewPageRscStart: number | null;
    viewPageRscEnd: number | null;
    viewerNavigationStart: number;
    viewerHtmlEnd: number | null;
    viewerCodeEnd: number | null;
    manifestStart: number | null;
    manifestEnd: number | null;
    firstInstanceStart: number | null;
    firstInstanceEnd: number | null;
    firstImage: number;
  };
  /** The viewer document was already loading or running when View was clicked. */
  viewerBootedBeforeClick: boolean;
  /** Consecutive phases after the click, each in ms; marks before the click count as 0, so they sum to firstImage. */
  phases: Record<string, number | null>;
  viewerCode: { files: number; fromCache: number; transferMB: number; decodedMB: number };
  instancesCompleteAtFirstImage: number;
};

export async function viewTimeline(page: Page, viewer: Frame, clickAt: number, firstImageAt: number, s3Origin: string, studyPath: string): Promise<Breakdown> {
  const top = await documentTiming(page);
  const frame = await documentTiming(viewer);
  const rel = (t: DocumentTiming, ms: number) => t.timeOrigin + ms - clickAt;

  const rsc = top.resources.find((r) => r.name.includes(studyPath) && rel(top, r.start) >= -5);
  const frameStart = frame.timeOrigin - clickAt;
  const manifest = frame.resources.find((r) => r.name.includes('/manifest'));
  const manifestStart = manifest ? rel(frame, manifest.start) : null;
  const code = frame.resources.filter((r) => isCode(r.name));
  const codeBeforeManifest = code.filter((r) => manifest === undefined || r.start <= manifest.start);
  const codeEnd = codeBeforeManifest.length ? rel(frame, Math.max(...codeBeforeManifest.map((r) => r.end))) : null;
  const instances = frame.resources.filter((r) => r.name.startsWith(s3Origin) && r.name.includes('/instances/'));
  const firstStart = instances.length ? rel(frame, Math.min(...instances.map((r) => r.start))) : null;
  const firstEnd = instances.length ? rel(frame, Math.min(...instances.map((r) => r.end).filter((e) => e > 0))) : null;
  const firstImage = firstImageAt - clickAt;
  const htmlEnd = frame.navResponseEnd === null ? null : frameStart + frame.navResponseEnd;

  const marks: Breakdown['marks'] = {
    viewPageRscStart: rsc ? Math.round(rel(top, rsc.start)) : null,
    viewPageRscEnd: rsc ? Math.round(rel(top, rsc.end)) : null,
    viewerNavigationStart: Math.round(frameStart),
    viewerHtmlEnd: htmlEnd === null ? null : Math.round(htmlEnd),
    viewerCodeEnd: codeEnd === null ? null : Math.round(codeEnd),
    manifestStart: manifestStart === null ? null : Math.round(manifestStart),
    manifestEnd: manifest ? Math.round(rel(frame, manifest.end)) : null,
    firstInstanceStart: firstStart === null ? null : Math.round(firstStart),
    firstInstanceEnd: firstEnd === null ? null : Math.round(firstEnd),
    firstImage: Math.round(firstImage),
  };
  // Phases between consecutive marks, clamped to the click and to each other:
  // work the list page did before the click (preloading) costs the recipient nothing.
  const order: Array<[string, number | null]> = [
    ['click → viewer document starts (view page + new iframe; 0 if already running)', marks.viewerNavigationStart],
    ['viewer index.html', marks.viewerHtmlEnd],
    ['viewer boot or route change → manifest request (JS/CSS/wasm, OHIF init)', marks.manifestStart],
    ['manifest request', marks.manifestEnd],
    ['manifest → first instance request (display sets, hanging protocol, viewport)', marks.firstInstanceStart],
    ['first instance fetch (S3)', marks.firstInstanceEnd],
    ['decode + render + detection (≤ ~120 ms polling)', marks.firstImage],
  ];
  const phases: Record<string, number | null> = {};
  let previous = 0;
  for (const [name, mark] of order) {
    if (mark === null) {
      phases[name] = null;
      continue;
    }
    const at = Math.max(previous, mark, 0);
    phases[name] = at - previous;
    previous = at;
  }
  return {
    marks,
    viewerBootedBeforeClick: frameStart < 0,
    phases,
    viewerCode: {
      files: code.length,
      fromCache: code.filter((r) => r.transfer === 0).length,
      transferMB: Number((code.reduce((n, r) => n + r.transfer, 0) / 1e6).toFixed(2)),
      decodedMB: Number((code.reduce((n, r) => n + r.decoded, 0) / 1e6).toFixed(2)),
    },
    instancesCompleteAtFirstImage: instances.filter((r) => r.end > 0 && rel(frame, r.end) <= firstImage).length,
  };
}
