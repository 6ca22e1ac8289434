// Turns the suite's raw results into the committed JSON (bench/results/latest.json):
// summaries with their number of runs, the targets and whether they were met.
import type { RawResults } from '../suite';
import type { ViewRun } from '../figures/first-image';
import type { machineInfo } from './machine';
import type { BenchPlan } from './plan';
import { median, summarize, type Summary } from './stats';

/** What each figure means, stored with the numbers so the JSON reads on its own. */
export const definitions = {
  firstImage:
    'From the press on "View" on /links/<id> (pointerdown timestamp as the browser received it) to the first cornerstone canvas with > 2% non-black pixels in the viewer iframe (tests/pages/viewer-canvas.ts, polled every ~100 ms). Debian Chromium, --disable-gpu, 1280×900.',
  modes: {
    cold: 'fresh profile (new user-data-dir and browser), access check on /s/<token>, click as soon as View is visible and clickable',
    warm: 'same profile after the cold view, /links/<id> opened again, click as soon as clickable (viewer code in the HTTP cache)',
    'cold-settled': "fresh profile; click once the list page's viewer iframe (if any) has loaded and then fetched nothing for 1 s",
    'warm-settled': 'same profile after cold-settled, list page opened again and settled the same way',
  },
  allInstances: 'From the same press to the 300th instance GET answered 200 by the S3 origin (Playwright requestfinished)',
  phases: 'Resource/Navigation Timing of the page and the viewer iframe, relative to the press; marks before the press count as 0',
  manifest: 'GET /api/links/<id>/studies/<studyId>/manifest with the link-session cookie from a real access check; single = one at a time; concurrent = 16 keep-alive connections, 25 requests each per run; p50/p99 per run, summarized over runs',
  ingest: 'POST /api/uploads?name=… raw bodies streamed from disk, 4 at a time, demo staff session from next-auth CSRF + credentials callback; MB = 10^6 bytes of DICOM files',
  zip: 'GET /api/links/<id>/studies/<studyId>/download read as fast as possible; MB/s over the ZIP bytes',
  rss: 'VmRSS of the process listening on the portal port (next-server), sampled every 20 ms plus the kernel peak (VmHWM, reset via clear_refs) during the run, minus VmRSS just before it',
  otherProcessesBusyPercent: 'CPU share used by processes outside the bench tree (other people’s builds and tests on this shared machine) before/during a run; the bench waits for < 15% before each run, bounded',
};

export type Target = { figure: string; target: string; value: number | null; unit: string; met: boolean | null };

const modes = ['cold', 'warm', 'cold-settled', 'warm-settled'] as const;

function byMode(runs: ViewRun[], mode: ViewRun['mode']) {
  return runs.filter((r) => r.mode === mode);
}

function values(runs: ViewRun[], pick: (r: ViewRun) => number | null | undefined): number[] {
  return runs.map(pick).filter((v): v is number => typeof v === 'number');
}

/** Median of each phase across runs of one mode. */
function phaseMedians(runs: ViewRun[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const phase of Object.keys(runs.find((r) => r.breakdown)?.breakdown?.phases ?? {})) {
    const v = values(runs, (r) => r.breakdown?.phases[phase]);
    out[phase] = v.length ? Math.round(median(v)) : null;
  }
  return out;
}

export function firstImageFigure(runs: ViewRun[], expectedInstances: number) {
  const result: Record<string, unknown> = { expectedInstances };
  for (const mode of modes) {
    const r = byMode(runs, mode);
    if (r.length === 0) continue;
    result[mode] = {
      firstImageMs: summarize(values(r, (x) => x.firstImageMs), 0),
      timeouts: r.filter((x) => x.firstImageMs === null).length,
      allInstancesMs: summarize(values(r, (x) => x.allInstancesMs), 0),
      allInstancesIncomplete: r.filter((x) => x.allInstancesMs === null).length,
      phasesMedianMs: phaseMedians(r),
      viewerCodeMedian: {
        files: median(values(r, (x) => x.breakdown?.viewerCode.files)),
        fromCache: median(values(r, (x) => x.breakdown?.viewerCode.fromCache)),
        transferMB: median(values(r, (x) => x.breakdown?.viewerCode.transferMB)),
        decodedMB: median(values(r, (x) => x.breakdown?.viewerCode.decodedMB)),
      },
      preloadAtClickMedian: {
        files: median(values(r, (x) => x.preloadAtClick?.files)),
        transferMB: median(values(r, (x) => x.preloadAtClick?.transferMB)),
      },
      listPageDwellMsMedian: Math.round(median(values(r, (x) => x.listPageDwellMs))),
      listPageViewerLoadMs: summarize(values(r, (x) => x.listPageSettle?.viewerLoadMs), 0),
      listPageViewerIdleMs: summarize(values(r, (x) => x.listPageSettle?.viewerIdleMs), 0),
      clickDispatchMsMedian: median(values(r, (x) => x.clickDispatchMs)),
      inputDelayMsMedian: median(values(r, (x) => x.inputDelayMs)),
      viewerAlreadyRunningAtClick: r.filter((x) => x.breakdown?.viewerBootedBeforeClick).length,
      instancesCompleteAtFirstImageMedian: median(values(r, (x) => x.breakdown?.instancesCompleteAtFirstImage)),
      externalRequests: r.reduce((n, x) => n + x.externalRequests, 0),
      otherProcessesBusyPercentMedian: median(values(r, (x) => x.otherProcessesBusyPercent)),
    };
  }
  result.runs = runs;
  return result;
}

type ModeFigure = { firstImageMs: Summary };

export function targets(raw: RawResults, firstImage: Record<string, unknown>): Target[] {
  const fi = (mode: string) => (firstImage[mode] as ModeFigure | undefined)?.firstImageMs.median ?? null;
  const check = (value: number | null, limit: number, strict = false) => (value === null || Number.isNaN(value) ? null : strict ? value < limit : value <= limit);
  const m = raw.manifest?.concurrent;
  const t: Target[] = [
    { figure: 'first image, cold, click at once (median)', target: '≤ 2000 ms', value: fi('cold'), unit: 'ms', met: check(fi('cold'), 2000) },
    { figure: 'first image, cold, list page settled (median)', target: '≤ 2000 ms', value: fi('cold-settled'), unit: 'ms', met: check(fi('cold-settled'), 2000) },
    { figure: 'first image, warm, click at once (median)', target: '≤ 1000 ms', value: fi('warm'), unit: 'ms', met: check(fi('warm'), 1000) },
    { figure: 'first image, warm, list page settled (median)', target: '≤ 1000 ms', value: fi('warm-settled'), unit: 'ms', met: check(fi('warm-settled'), 1000) },
    { figure: 'manifest p50 at 16 concurrent (median of runs)', target: '≤ 20 ms', value: m?.p50Ms.median ?? null, unit: 'ms', met: check(m?.p50Ms.median ?? null, 20) },
    { figure: 'manifest p99 at 16 concurrent (median of runs)', target: '≤ 50 ms', value: m?.p99Ms.median ?? null, unit: 'ms', met: check(m?.p99Ms.median ?? null, 50) },
    {
      figure: 'ingest ~1 GB: portal peak RSS growth',
      target: '< 200 MB',
      value: raw.ingest.big?.rss.peakGrowthMB ?? null,
      unit: 'MB',
      met: check(raw.ingest.big?.rss.peakGrowthMB ?? null, 200, true),
    },
  ];
  return t;
}

type ComposeInput = {
  date: string;
  command: string;
  quick: boolean;
  durationSeconds: number;
  machine: ReturnType<typeof machineInfo>;
  setup: Record<string, unknown>;
  studies: BenchPlan['studies'];
  raw: RawResults;
};

/** The committed JSON: machine, setup, every figure summarized with its runs, targets. */
export function composeResult({ date, command, quick, durationSeconds, machine, setup, studies, raw }: ComposeInput) {
  const ct = studies.ct[0]!;
  const firstImage = firstImageFigure(raw.firstImage, ct.files.length);
  const perRun = <T>(runs: T[], pick: (r: T) => number) => summarize(runs.map(pick));
  return {
    benchmark: 'ScanShare core path',
    schemaVersion: 1,
    date,
    command,
    quick,
    durationSeconds,
    machine,
    setup: {
      ...setup,
      portal: raw.portal,
      studies: {
        ct: { count: studies.ct.length, slices: ct.files.length, matrix: '512×512, 16-bit, explicit VR LE', MBEach: Number((ct.bytes / 1e6).toFixed(1)) },
        big: { slices: studies.big.files.length, matrix: '512×512, 16-bit, explicit VR LE', MB: Number((studies.big.bytes / 1e6).toFixed(1)) },
      },
    },
    definitions,
    figures: {
      firstImage,
      manifest: raw.manifest,
      ingest: {
        ct300: { mbPerSecond: perRun(raw.ingest.ct, (r) => r.mbPerSecond), rssPeakGrowthMB: perRun(raw.ingest.ct, (r) => r.rss.peakGrowthMB), runs: raw.ingest.ct },
        big: raw.ingest.big,
      },
      zip: {
        ct300: { mbPerSecond: perRun(raw.zip.ct, (r) => r.mbPerSecond), rssPeakGrowthMB: perRun(raw.zip.ct, (r) => r.rss.peakGrowthMB), runs: raw.zip.ct },
        big: { mbPerSecond: perRun(raw.zip.big, (r) => r.mbPerSecond), rssPeakGrowthMB: perRun(raw.zip.big, (r) => r.rss.peakGrowthMB), runs: raw.zip.big },
      },
    },
    targets: targets(raw, firstImage),
    errors: raw.errors,
  };
}
