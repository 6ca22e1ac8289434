// Figure 2, the viewer manifest route for one study, with the recipient's
// link-session cookie: single-request latency (one at a time), and p50/p99 with
// 16 requests in flight on 16 keep-alive connections. Every load loop is bounded
// by a request count and a deadline.
import { startBusyMeter, waitForQuiet } from '../lib/cpu-busy';
import type { BenchContext } from '../lib/context';
import { keepAliveAgent, request } from '../lib/http-client';
import { percentile, summarize, type Summary } from '../lib/stats';

export type ManifestFigure = {
  responseBytes: number;
  instances: number;
  single: { latencyMs: Summary; perRunMedianMs: number[]; requestsPerRun: number };
  concurrent: {
    concurrency: number;
    requestsPerRun: number;
    perRun: Array<{ p50Ms: number; p99Ms: number; maxMs: number; requestsPerSecond: number; otherProcessesBusyPercent: { before: number; during: number } }>;
    p50Ms: Summary;
    p99Ms: Summary;
    pooled: Summary & { p50: number };
    requestsPerSecond: Summary;
  };
};

const singleRequestsPerRun = 20;
const concurrency = 16;
const requestsPerWorker = 25;
const runDeadlineMs = 60_000;

export async function measureManifest(ctx: BenchContext, linkCookie: string, shareLinkId: string, studyId: string, runs = 5): Promise<ManifestFigure> {
  const url = `${ctx.baseUrl}/api/links/${shareLinkId}/studies/${studyId}/manifest`;
  const headers = { cookie: linkCookie, accept: 'application/json' };
  const agent = keepAliveAgent(concurrency);
  const get = async () => {
    const r = await request(url, { agent, headers, keepBody: false });
    if (r.status !== 200) throw new Error(`manifest answered ${r.status}`);
    return r;
  };

  const first = await request(url, { agent, headers, keepBody: true });
  if (first.status !== 200) throw new Error(`manifest answered ${first.status}: ${first.body?.slice(0, 200)}`);
  const manifest = JSON.parse(first.body!) as { studies: Array<{ series: Array<{ instances: unknown[] }> }> };
  const instances = manifest.studies[0]?.series.reduce((n, s) => n + s.instances.length, 0) ?? 0;
  for (let i = 0; i < 2 * concurrency; i++) await get(); // warm the route and the pool

  // One at a time.
  const singles: number[] = [];
  const perRunMedianMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    await waitForQuiet(ctx.log);
    const times: number[] = [];
    for (let i = 0; i < singleRequestsPerRun; i++) times.push((await get()).ms);
    singles.push(...times);
    perRunMedianMs.push(summarize(times).median);
  }
  ctx.log(`  manifest single: median ${summarize(singles).median} ms over ${singles.length} requests (${first.bytes} bytes, ${instances} instances)`);

  // 16 in flight.
  const perRun: ManifestFigure['concurrent']['perRun'] = [];
  const pooled: number[] = [];
  for (let run = 0; run < runs; run++) {
    const busyBefore = await waitForQuiet(ctx.log);
    const times: number[] = [];
    const deadline = Date.now() + runDeadlineMs;
    const busy = startBusyMeter();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < requestsPerWorker && Date.now() < deadline; i++) times.push((await get()).ms);
      }),
    );
    const wallMs = performance.now() - started;
    const during = busy().othersPercent;
    const sorted = [...times].sort((a, b) => a - b);
    perRun.push({
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      maxMs: Number(sorted[sorted.length - 1]!.toFixed(1)),
      requestsPerSecond: Number((times.length / (wallMs / 1000)).toFixed(1)),
      otherProcessesBusyPercent: { before: busyBefore, during },
    });
    pooled.push(...times);
    ctx.log(`  manifest ×${concurrency} run ${run + 1}: p50 ${perRun.at(-1)!.p50Ms} ms, p99 ${perRun.at(-1)!.p99Ms} ms, ${perRun.at(-1)!.requestsPerSecond} req/s`);
  }
  agent.destroy();
  const pooledSorted = [...pooled].sort((a, b) => a - b);
  return {
    responseBytes: first.bytes,
    instances,
    single: { latencyMs: summarize(singles), perRunMedianMs, requestsPerRun: singleRequestsPerRun },
    concurrent: {
      concurrency,
      requestsPerRun: concurrency * requestsPerWorker,
      perRun,
      p50Ms: summarize(perRun.map((r) => r.p50Ms)),
      p99Ms: summarize(perRun.map((r) => r.p99Ms)),
      pooled: { ...summarize(pooled), p50: Number(percentile(pooledSorted, 50).toFixed(1)) },
      requestsPerSecond: summarize(perRun.map((r) => r.requestsPerSecond)),
    },
  };
}
