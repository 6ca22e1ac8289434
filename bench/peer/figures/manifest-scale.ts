// The manifest route at scale: its cost at 100, 300, 1,000 and 3,000 instances
// (first request on a link, which builds and signs everything, and a reused
// one), with the least-squares slope in ms per instance; and its throughput with
// 64 requests in flight on 64 keep-alive connections (bounded: a fixed number
// of requests per connection and a deadline).
import { startBusyMeter, waitForQuiet } from '../../lib/cpu-busy';
import type { BenchContext } from '../../lib/context';
import { keepAliveAgent, request } from '../../lib/http-client';
import { percentile, summarize, type Summary } from '../../lib/stats';
import { manifestUrl, type LinkCookie } from './metadata-ab';

export type ScalePoint = { instances: number; bytes: number; missMs: Summary; hitMs: Summary; missRuns: number[] };
export type ManifestScale = {
  points: ScalePoint[];
  slope: { missMsPerInstance: number; missInterceptMs: number; hitMsPerInstance: number; hitInterceptMs: number; missR2: number };
  throughput64: { instances: number; concurrency: number; requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number; otherProcessesBusyPercent: number } | null;
};

/** Least squares y = a + b·x. */
function fit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const ssRes = ys.reduce((s, y, i) => s + (y - (a + b * xs[i]!)) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

export async function manifestScale(ctx: BenchContext, sizes: Array<{ instances: number; links: LinkCookie[] }>, hits: number): Promise<ManifestScale['points']> {
  const agent = keepAliveAgent(1);
  const get = async (l: LinkCookie) => {
    const r = await request(manifestUrl(ctx.baseUrl, l), { agent, headers: { cookie: l.cookie, accept: 'application/json' }, timeoutMs: 60_000 });
    if (r.status !== 200) throw new Error(`manifest answered ${r.status}`);
    return r;
  };
  const points: ScalePoint[] = [];
  for (const size of sizes) {
    await waitForQuiet(ctx.log);
    const miss: number[] = [];
    let bytes = 0;
    for (const l of size.links) {
      const r = await get(l);
      miss.push(r.ms);
      bytes = r.bytes;
    }
    const hit: number[] = [];
    for (let i = 0; i < hits; i++) hit.push((await get(size.links[0]!)).ms);
    points.push({ instances: size.instances, bytes, missMs: summarize(miss), hitMs: summarize(hit), missRuns: miss.map((m) => Number(m.toFixed(1))) });
    ctx.log(`  manifest at ${size.instances} instances: first request ${summarize(miss).median} ms, reused ${summarize(hit).median} ms, ${(bytes / 1e6).toFixed(2)} MB`);
  }
  agent.destroy();
  return points;
}

export function slopeOf(points: ScalePoint[]): ManifestScale['slope'] {
  const xs = points.map((p) => p.instances);
  const miss = fit(xs, points.map((p) => p.missMs.median));
  const hit = fit(xs, points.map((p) => p.hitMs.median));
  const r = (v: number, d = 4) => Number(v.toFixed(d));
  return { missMsPerInstance: r(miss.b), missInterceptMs: r(miss.a, 1), hitMsPerInstance: r(hit.b), hitInterceptMs: r(hit.a, 1), missR2: r(miss.r2, 3) };
}

export async function manifestThroughput(ctx: BenchContext, link: LinkCookie, instances: number, concurrency = 64, perConnection = 8): Promise<NonNullable<ManifestScale['throughput64']>> {
  const agent = keepAliveAgent(concurrency);
  const url = manifestUrl(ctx.baseUrl, link);
  const headers = { cookie: link.cookie, accept: 'application/json' };
  const get = async () => {
    const r = await request(url, { agent, headers, timeoutMs: 60_000 });
    if (r.status !== 200) throw new Error(`manifest answered ${r.status}`);
    return r.ms;
  };
  await Promise.all(Array.from({ length: concurrency }, () => get())); // open the connections
  await waitForQuiet(ctx.log);
  const busy = startBusyMeter();
  const deadline = Date.now() + 60_000;
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < perConnection && Date.now() < deadline; i++) times.push(await get());
    }),
  );
  const wall = performance.now() - started;
  agent.destroy();
  const sorted = [...times].sort((a, b) => a - b);
  const out = {
    instances,
    concurrency,
    requests: times.length,
    requestsPerSecond: Number((times.length / (wall / 1000)).toFixed(1)),
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p99Ms: Number(percentile(sorted, 99).toFixed(1)),
    maxMs: Number(sorted.at(-1)!.toFixed(1)),
    otherProcessesBusyPercent: busy().othersPercent,
  };
  ctx.log(`  manifest ×${concurrency} (${instances} instances): ${out.requestsPerSecond} req/s, p50 ${out.p50Ms} ms, p99 ${out.p99Ms} ms`);
  return out;
}
