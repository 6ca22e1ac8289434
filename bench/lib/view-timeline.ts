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

/** Records the moment of the next click in the page (capture phase, before any handler). */
export async function armClickClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchClickAt?: number };
    delete w.__benchClickAt;
    document.addEventListener('click', () => (w.__benchClickAt ??= performance.timeOrigin + performance.now()), { capture: true, once: true });
  });
}

export async function clickClock(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __benchClickAt?: number }).__benchClickAt ?? null);
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
  /** Consecutive phases, each in ms (they sum to firstImage). */
  phases: Record<string, number | null>;
  viewerCode: { files: number; fromCache: number; transferMB: number; decodedMB: number };
  instancesCompleteAtFirstImage: number;
};

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(a - b));

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
  return {
    marks,
    phases: {
      'click → viewer iframe navigates (Next client nav + RSC of the view page)': Math.round(frameStart),
      'viewer index.html': diff(marks.viewerHtmlEnd, marks.viewerNavigationStart),
      'viewer boot: JS/CSS/wasm + init until the manifest request': diff(marks.manifestStart, marks.viewerHtmlEnd),
      'manifest request': diff(marks.manifestEnd, marks.manifestStart),
      'manifest → first instance request (display sets, hanging protocol, viewport)': diff(marks.firstInstanceStart, marks.manifestEnd),
      'first instance fetch (S3)': diff(marks.firstInstanceEnd, marks.firstInstanceStart),
      'decode + render + detection (≤ ~120 ms polling)': diff(marks.firstImage, marks.firstInstanceEnd),
    },
    viewerCode: {
      files: code.length,
      fromCache: code.filter((r) => r.transfer === 0).length,
      transferMB: Number((code.reduce((n, r) => n + r.transfer, 0) / 1e6).toFixed(2)),
      decodedMB: Number((code.reduce((n, r) => n + r.decoded, 0) / 1e6).toFixed(2)),
    },
    instancesCompleteAtFirstImage: instances.filter((r) => r.end > 0 && rel(frame, r.end) <= firstImage).length,
  };
}
