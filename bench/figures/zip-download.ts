// Figure 4, ZIP download: MB/s of the CD-style ZIP route for a shared study, as
// a client that reads as fast as it can, and the serving process's peak RSS
// growth meanwhile.
import { startBusyMeter, waitForQuiet } from '../lib/cpu-busy';
import type { BenchContext } from '../lib/context';
import { request } from '../lib/http-client';
import { pidListeningOn, withRssSampling, type RssReport } from '../lib/process-memory';
import { mbPerSecond } from '../lib/stats';

export type ZipRun = { bytes: number; ms: number; firstByteMs: number; mbPerSecond: number; rss: RssReport; otherProcessesBusyPercent: { before: number; during: number } };

export async function downloadZip(ctx: BenchContext, linkCookie: string, shareLinkId: string, studyId: string, expectedMinBytes: number): Promise<ZipRun> {
  const busyBefore = await waitForQuiet(ctx.log);
  const pid = pidListeningOn(ctx.port);
  const url = `${ctx.baseUrl}/api/links/${shareLinkId}/studies/${studyId}/download`;
  const busy = startBusyMeter();
  const { result, rss } = await withRssSampling(pid, () => request(url, { headers: { cookie: linkCookie }, timeoutMs: 300_000 }));
  const during = busy().othersPercent;
  if (result.status !== 200 || result.bytes < expectedMinBytes) {
    throw new Error(`ZIP download answered ${result.status} with ${result.bytes} bytes (expected ≥ ${expectedMinBytes})`);
  }
  const run: ZipRun = {
    bytes: result.bytes,
    ms: Math.round(result.ms),
    firstByteMs: Math.round(result.firstByteMs),
    mbPerSecond: mbPerSecond(result.bytes, result.ms),
    rss,
    otherProcessesBusyPercent: { before: busyBefore, during },
  };
  ctx.log(`  zip ${(run.bytes / 1e6).toFixed(0)} MB in ${(run.ms / 1000).toFixed(2)} s = ${run.mbPerSecond} MB/s; RSS +${rss.peakGrowthMB} MB`);
  return run;
}
