// Latency per request (one client, variants interleaved so drift hits them alike) and
// sustained requests per second (N clients in a loop for a fixed time).
import type { Database } from '@/db/client';
import { request, type Variant } from './workload';

export type Latency = { runs: number; p50: number; p90: number; p99: number; mean: number };

function latencyOf(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
  const round = (v: number) => Number(v.toFixed(3));
  return { runs: s.length, p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), mean: round(s.reduce((n, v) => n + v, 0) / s.length) };
}

export async function measureLatency(app: Database, facilityId: string, variants: Variant[], runs: number): Promise<Record<string, Latency>> {
  const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  for (let i = 0; i < Math.min(300, runs); i++) for (const v of variants) await request(app, facilityId, v); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const v of variants) {
      const started = performance.now();
      await request(app, facilityId, v);
      samples.get(v)!.push(performance.now() - started);
    }
  }
  return Object.fromEntries(variants.map((v) => [v, latencyOf(samples.get(v)!)]));
}

export type Throughput = { clients: number; seconds: number; requests: number; perSecond: number; latency: Latency };

export async function measureThroughput(app: Database, facilityId: string, variant: Variant, clients: number, seconds: number): Promise<Throughput> {
  const until = performance.now() + seconds * 1000;
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await request(app, facilityId, variant);
        samples.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { clients, seconds: Number(elapsed.toFixed(2)), requests: samples.length, perSecond: Math.round(samples.length / elapsed), latency: latencyOf(samples) };
}
