// Delivery alone, without a viewer: every instance of the CT fetched by a plain
// HTTP client, 6 at a time (a browser's connections per origin over HTTP/1.1),
// from ScanShare's presigned S3 URLs, from the static file server, and from
// Orthanc's WADO-RS frames through the recipe's nginx. Runs interleaved.
import { waitForQuiet } from '../../lib/cpu-busy';
import type { BenchContext } from '../../lib/context';
import { keepAliveAgent, request } from '../../lib/http-client';
import { mbPerSecond, summarize, type Summary } from '../../lib/stats';

export type FetchSource = { name: 'scanshare-s3' | 'static' | 'peer-wado-rs'; urls: string[]; headers?: Record<string, string> };
export type RawFetch = Record<string, { ms: Summary; mbPerSecond: Summary; bytes: number; runs: number[] }>;

async function fetchAll(source: FetchSource, concurrency = 6): Promise<{ ms: number; bytes: number }> {
  const agent = keepAliveAgent(concurrency);
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < source.urls.length) {
        const r = await request(source.urls[next++]!, { agent, headers: source.headers });
        if (r.status !== 200) throw new Error(`${source.name}: GET answered ${r.status}`);
        bytes += r.bytes;
      }
    }),
  );
  agent.destroy();
  return { ms: performance.now() - started, bytes };
}

export async function rawFetch(ctx: BenchContext, sources: FetchSource[], runs: number): Promise<RawFetch> {
  const ms = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  for (const s of sources) await fetchAll(s); // page cache and connections warm for all
  for (let i = 0; i < runs; i++) {
    for (const s of sources) {
      await waitForQuiet(ctx.log);
      const r = await fetchAll(s);
      ms.set(s.name, [...(ms.get(s.name) ?? []), r.ms]);
      bytes.set(s.name, r.bytes);
    }
  }
  const out: RawFetch = {};
  for (const s of sources) {
    const m = ms.get(s.name)!;
    const b = bytes.get(s.name)!;
    out[s.name] = { ms: summarize(m, 0), mbPerSecond: summarize(m.map((x) => mbPerSecond(b, x))), bytes: b, runs: m.map(Math.round) };
    ctx.log(`  fetch all instances, 6 at a time, ${s.name}: ${out[s.name]!.ms.median} ms (${out[s.name]!.mbPerSecond.median} MB/s)`);
  }
  return out;
}
