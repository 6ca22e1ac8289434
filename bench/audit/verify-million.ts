// Fills the audit trail to a given size through the real chain trigger (bulk INSERT …
// SELECT generate_series as the owner: the same hashing path as every write), then
// times the verifier over the whole chain and watches its memory.
import pg from 'pg';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

export type BulkFill = { rowsAdded: number; seconds: number; rowsPerSecond: number };
export type VerifyFigure = { events: number; seconds: number; eventsPerSecond: number; peakRssMb: number; rssBeforeMb: number; ok: boolean };

export async function fillAuditTrail(ownerUrl: string, target: number, facilityId: string, log: (line: string) => void): Promise<BulkFill> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const existing = Number((await client.query('SELECT count(*) AS n FROM audit_events')).rows[0].n);
    const toAdd = Math.max(0, target - existing);
    const batch = 50_000;
    const started = performance.now();
    for (let done = 0; done < toAdd; done += batch) {
      const n = Math.min(batch, toAdd - done);
      await client.query(
        `INSERT INTO audit_events (type, outcome, facility_id, actor_type, actor_id, subject_type, subject_id, details, client_ip, user_agent)
         SELECT 'STUDY_VIEWED', 'success', $1::uuid, 'link', gen_random_uuid(), 'study', gen_random_uuid(),
                jsonb_build_object('studyInstanceUid', '1.2.826.0.1.3680043.8.498.' || n, 'instanceCount', n % 500),
                '203.0.113.' || (n % 250), 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36'
         FROM generate_series(1, $2::int) AS n`,
        [facilityId, n],
      );
      if ((done + n) % 200_000 === 0 || done + n === toAdd) log(`  … ${(existing + done + n).toLocaleString('en')} audit rows`);
    }
    await client.query('VACUUM ANALYZE audit_events, audit_chain');
    const seconds = (performance.now() - started) / 1000;
    return { rowsAdded: toAdd, seconds: Number(seconds.toFixed(1)), rowsPerSecond: Math.round(toAdd / seconds) };
  } finally {
    await client.end();
  }
}

export async function timeVerify(appUrl: string): Promise<VerifyFigure> {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  const started = performance.now();
  try {
    const result = await verifyAuditChain(appUrl);
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      events: result.events,
      seconds: Number(seconds.toFixed(1)),
      eventsPerSecond: Math.round(result.events / seconds),
      peakRssMb: Math.round(peak / 1e6),
      rssBeforeMb: Math.round(rssBefore / 1e6),
      ok: result.ok,
    };
  } finally {
    clearInterval(sampler);
  }
}
