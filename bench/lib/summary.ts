// The readable summary printed at the end of `npm run bench`: every figure with its
// runs and target, where the first image's time goes, and the targets' verdicts.
import type { RawResults } from '../suite';
import type { Target } from './report';
import { summarize, type Summary } from './stats';
import { printPhases, printTable, printTargets } from './table';

type Mode = { firstImageMs: Summary; allInstancesMs: Summary; phasesMedianMs: Record<string, number | null>; listPageViewerLoadMs: Summary; listPageViewerIdleMs: Summary };

export function printSummary(firstImage: Record<string, unknown>, t: Target[], raw: RawResults, durationSeconds: number, log: (line: string) => void): void {
  const fi = (mode: string) => firstImage[mode] as Mode | undefined;
  const m = raw.manifest;
  const s = (v: number[]) => summarize(v);
  printTable(
    `ScanShare core path — ${new Date().toISOString()} — ${durationSeconds} s`,
    [
      ['first image, cold, click at once (ms)', fi('cold')?.firstImageMs ?? null, '≤ 2000'],
      ['first image, cold, list page settled (ms)', fi('cold-settled')?.firstImageMs ?? null, '≤ 2000'],
      ['first image, warm, click at once (ms)', fi('warm')?.firstImageMs ?? null, '≤ 1000'],
      ['first image, warm, list page settled (ms)', fi('warm-settled')?.firstImageMs ?? null, '≤ 1000'],
      ['all 300 instances, cold, click at once (ms)', fi('cold')?.allInstancesMs ?? null],
      ['all 300 instances, cold, settled (ms)', fi('cold-settled')?.allInstancesMs ?? null],
      ['all 300 instances, warm, click at once (ms)', fi('warm')?.allInstancesMs ?? null],
      ['all 300 instances, warm, settled (ms)', fi('warm-settled')?.allInstancesMs ?? null],
      ['list page → its viewer iframe loaded, cold (ms)', fi('cold-settled')?.listPageViewerLoadMs ?? null],
      ['list page → its viewer iframe idle, cold (ms)', fi('cold-settled')?.listPageViewerIdleMs ?? null],
      ['manifest, single request (ms)', m?.single.latencyMs ?? null],
      ['manifest p50 at 16 concurrent (ms)', m?.concurrent.p50Ms ?? null, '≤ 20'],
      ['manifest p99 at 16 concurrent (ms)', m?.concurrent.p99Ms ?? null, '≤ 50'],
      ['manifest throughput at 16 concurrent (req/s)', m?.concurrent.requestsPerSecond ?? null],
      ['ingest 300-slice CT (MB/s)', s(raw.ingest.ct.map((r) => r.mbPerSecond))],
      ['ingest 300-slice CT: RSS growth (MB)', s(raw.ingest.ct.map((r) => r.rss.peakGrowthMB))],
      [`ingest ${raw.ingest.big ? (raw.ingest.big.bytes / 1e9).toFixed(2) : '?'} GB study (MB/s)`, raw.ingest.big ? s([raw.ingest.big.mbPerSecond]) : null],
      ['ingest big study: RSS growth (MB)', raw.ingest.big ? s([raw.ingest.big.rss.peakGrowthMB]) : null, '< 200'],
      ['ZIP 300-slice CT (MB/s)', s(raw.zip.ct.map((r) => r.mbPerSecond))],
      ['ZIP 300-slice CT: RSS growth (MB)', s(raw.zip.ct.map((r) => r.rss.peakGrowthMB))],
      ['ZIP big study (MB/s)', s(raw.zip.big.map((r) => r.mbPerSecond))],
      ['ZIP big study: RSS growth (MB)', s(raw.zip.big.map((r) => r.rss.peakGrowthMB))],
    ],
    log,
  );
  const phases: Record<string, Record<string, number | null>> = {};
  for (const mode of ['cold', 'warm', 'cold-settled', 'warm-settled']) if (fi(mode)) phases[mode] = fi(mode)!.phasesMedianMs;
  printPhases(phases, log);
  printTargets(t, log);
  for (const e of raw.errors) log(`error in ${e.figure}: ${e.message}`);
}
