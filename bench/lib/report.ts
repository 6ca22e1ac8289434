// Turns the suite's raw results into the committed JSON (bench/results/latest.json):
// summaries with their number of runs, the targets and whether they were met.
import type { RawResults } from '../suite';
import type { ViewRun } from '../figures/first-image';
import { median, summarize, type Summary } from './stats';

export type Target = { figure: string; target: string; value: number | null; unit: string; met: boolean | null };

const modes = ['cold', 'cold-settled', 'warm'] as const;

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
      instancesCompleteAtFirstImageMedian: median(values(r, (x) => x.breakdown?.instancesCompleteAtFirstImage)),
      externalRequests: r.reduce((n, x) => n + x.externalRequests, 0),
      machineBusyPercentMedian: median(values(r, (x) => x.machineBusyPercent)),
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
    { figure: 'first image, cold (median)', target: '≤ 2000 ms', value: fi('cold'), unit: 'ms', met: check(fi('cold'), 2000) },
    { figure: 'first image, warm (median)', target: '≤ 1000 ms', value: fi('warm'), unit: 'ms', met: check(fi('warm'), 1000) },
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
