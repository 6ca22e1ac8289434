// Figure 3, ingest: MB/s through the real upload route (raw bodies, staff session
// cookie, 4 files at a time like the browser) and the serving process's peak RSS
// growth while a ~1 GB study goes through it.
import { startBusyMeter, waitForQuiet } from '../lib/cpu-busy';
import type { BenchContext } from '../lib/context';
import { pidListeningOn, withRssSampling, type RssReport } from '../lib/process-memory';
import { mbPerSecond } from '../lib/stats';
import type { StudyFiles } from '../lib/study-files';
import { uploadFiles } from '../lib/upload-files';

export type IngestRun = {
  study: string;
  files: number;
  bytes: number;
  ms: number;
  mbPerSecond: number;
  statuses: Record<string, number>;
  studyId: string;
  rss: RssReport;
  /** CPU share of processes outside the bench, before and during the run (%). */
  otherProcessesBusyPercent: { before: number; during: number };
};

export async function ingestStudy(ctx: BenchContext, staffCookie: string, study: StudyFiles): Promise<IngestRun> {
  const busyBefore = await waitForQuiet(ctx.log);
  const pid = pidListeningOn(ctx.port);
  const busy = startBusyMeter();
  const { result, rss } = await withRssSampling(pid, () => uploadFiles(ctx.baseUrl, staffCookie, study.files, 4));
  const during = busy().othersPercent;
  if ((result.statuses.stored ?? 0) !== study.files.length || result.studyIds.length !== 1) {
    throw new Error(`ingest of ${study.label}: expected ${study.files.length} stored in one study, got ${JSON.stringify(result.statuses)} in ${result.studyIds.length} studies`);
  }
  const run: IngestRun = {
    study: study.label,
    files: result.files,
    bytes: result.bytes,
    ms: Math.round(result.ms),
    mbPerSecond: mbPerSecond(result.bytes, result.ms),
    statuses: result.statuses,
    studyId: result.studyIds[0]!,
    rss,
    otherProcessesBusyPercent: { before: busyBefore, during },
  };
  ctx.log(`  ingest ${study.label}: ${run.files} files, ${(run.bytes / 1e6).toFixed(0)} MB in ${(run.ms / 1000).toFixed(1)} s = ${run.mbPerSecond} MB/s; RSS ${rss.baselineMB} → peak ${rss.peakMB} MB (+${rss.peakGrowthMB})`);
  return run;
}
