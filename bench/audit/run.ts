// The audit trail's cost, on this machine, with real PostgreSQL:
//  1. overhead per audited request: p50/p99 of a transaction doing a small read (or
//     write) with and without its audit row, interleaved in one run;
//  2. sustained audited reads per second: N clients, each read + audit row per transaction;
//  3. time to verify 1,000,000 events (filled through the real chain trigger).
// 1 and 2 run twice: on a durable cluster (fsync and synchronous_commit on, like `npm
// start`: the headline, because audit writers queue on the chain head until their
// commit is flushed) and on the tests' throwaway cluster (fsync off). 3 runs on the latter.
//   tsx bench/audit/run.ts [--quick] [--events N] [--no-durable]
// Outside tests/support/with-services.ts it re-runs itself inside it, on ports apart
// from the tests' and the main bench's (BENCH_AUDIT_{PG,S3,APP,DURABLE_PG}_PORT).
// Writes bench/results/audit-latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { runMigrations } from '@/db/migrate';
import { ensureEmbeddedAppRole } from '@/lib/audit/database-roles';
import { startEmbeddedPostgres } from '@/lib/embedded/embedded-postgres';
import { measureLatency, measureThroughput, type Latency, type Throughput } from './measure';
import { prepareWorkload, type Variant } from './workload';
import { fillAuditTrail, timeVerify } from './verify-million';

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const eventsArg = args.includes('--events') ? args[args.indexOf('--events') + 1] : undefined;
const events = Number(eventsArg ?? (quick ? 100_000 : 1_000_000));
const log = (line: string) => console.log(line);
const clients = Number(process.env.BENCH_AUDIT_CLIENTS ?? 16);
const targets = { overheadP50Ms: 2, auditedReadsPerSecond: 1000 };

type ClusterFigures = {
  cluster: string;
  latencyMs: Record<string, Latency>;
  overheadMs: { readP50: number; readP99: number; writeP50: number; chainOnlyP50: number };
  audited: Throughput;
  unaudited: Throughput;
};

function connect(url: string, max: number): { app: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => log(`[bench:audit] idle connection lost: ${err.message}`));
  return { app: drizzle(pool, { schema, casing: 'snake_case' }), pool };
}

async function measureCluster(cluster: string, ownerUrl: string, appUrl: string): Promise<ClusterFigures> {
  const { app, pool } = connect(appUrl, clients);
  try {
    const { facilityId } = await prepareWorkload(ownerUrl, app);
    const variants: Variant[] = ['read', 'read+audit', 'read+unchained-insert', 'write', 'write+audit'];
    log(`[bench:audit] ${cluster}: latency, one client, ${quick ? 500 : 2000} requests per variant, interleaved`);
    const latencyMs = await measureLatency(app, facilityId, variants, quick ? 500 : 2000);
    const diff = (a: Variant, b: Variant, k: 'p50' | 'p99') => Number((latencyMs[a]![k] - latencyMs[b]![k]).toFixed(3));
    const seconds = quick ? 3 : 10;
    log(`[bench:audit] ${cluster}: ${clients} clients × ${seconds} s of audited reads, then unaudited`);
    const audited = await measureThroughput(app, facilityId, 'read+audit', clients, seconds);
    const unaudited = await measureThroughput(app, facilityId, 'read', clients, quick ? 3 : 5);
    return {
      cluster,
      latencyMs,
      overheadMs: {
        readP50: diff('read+audit', 'read', 'p50'),
        readP99: diff('read+audit', 'read', 'p99'),
        writeP50: diff('write+audit', 'write', 'p50'),
        chainOnlyP50: diff('read+audit', 'read+unchained-insert', 'p50'),
      },
      audited,
      unaudited,
    };
  } finally {
    await pool.end();
  }
}

async function withDurableCluster<T>(work: (ownerUrl: string, appUrl: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-bench-audit-'));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o711); // the postgres OS user must enter it
  const port = Number(process.env.BENCH_AUDIT_DURABLE_PG_PORT ?? 24533);
  const server = await startEmbeddedPostgres({ dataDir: dir, port, database: 'scanshare', durable: true, log });
  try {
    await runMigrations(server.url);
    return await work(server.url, await ensureEmbeddedAppRole(server.url, 'bench-audit-app-password'));
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    if (server.dataDir !== dir) fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

function print(figures: ClusterFigures[], verify: Awaited<ReturnType<typeof timeVerify>>, fill: Awaited<ReturnType<typeof fillAuditTrail>>) {
  for (const f of figures) {
    log(`\n${f.cluster}`);
    log('  request (one transaction)     p50 ms   p90 ms   p99 ms');
    for (const [variant, l] of Object.entries(f.latencyMs)) {
      log(`  ${variant.padEnd(28)} ${l.p50.toFixed(3).padStart(7)}  ${l.p90.toFixed(3).padStart(7)}  ${l.p99.toFixed(3).padStart(7)}`);
    }
    const o = f.overheadMs;
    log(`  audit overhead per request: read p50 +${o.readP50} ms (p99 +${o.readP99}), write p50 +${o.writeP50} ms; the chain itself p50 +${o.chainOnlyP50} ms over a plain insert`);
    log(`  audited reads/s (${f.audited.clients} clients): ${f.audited.perSecond} (p50 ${f.audited.latency.p50} ms, p99 ${f.audited.latency.p99} ms); unaudited: ${f.unaudited.perSecond}/s`);
  }
  log(`\nbulk fill through the trigger: ${fill.rowsAdded.toLocaleString('en')} rows in ${fill.seconds} s (${fill.rowsPerSecond.toLocaleString('en')}/s)`);
  log(`verify: ${verify.events.toLocaleString('en')} events in ${verify.seconds} s (${verify.eventsPerSecond.toLocaleString('en')}/s), RSS ${verify.rssBeforeMb} → peak ${verify.peakRssMb} MB, ${verify.ok ? 'chain OK' : 'CHAIN BROKEN'}`);
  const headline = figures[0]!;
  log(`\ntargets (${headline.cluster}):`);
  log(`  audit overhead p50 ≤ ${targets.overheadP50Ms} ms: +${headline.overheadMs.readP50} ms ${headline.overheadMs.readP50 <= targets.overheadP50Ms ? 'PASS' : 'MISS'}`);
  log(`  audited reads/s ≥ ${targets.auditedReadsPerSecond}: ${headline.audited.perSecond}/s ${headline.audited.perSecond >= targets.auditedReadsPerSecond ? 'PASS' : 'MISS'}`);
  log(`  verify ${verify.events.toLocaleString('en')} events: ${verify.seconds} s (no target)`);
}

/** The machine is shared (2 cores): the 1-minute load average says how much else ran alongside. */
const load = () => Number(os.loadavg()[0]!.toFixed(2));

async function main(): Promise<void> {
  const loadBefore = load();
  const ownerUrl = process.env.DATABASE_OWNER_URL!;
  const appUrl = process.env.DATABASE_URL!;
  const figures: ClusterFigures[] = [];
  if (!args.includes('--no-durable')) {
    figures.push(await withDurableCluster((owner, app) => measureCluster('durable cluster (fsync on, as npm start)', owner, app)));
  }
  figures.push(await measureCluster('throwaway cluster (fsync off, as the tests)', ownerUrl, appUrl));

  log(`[bench:audit] filling the audit trail to ${events.toLocaleString('en')} events through the chain trigger`);
  const { app, pool } = connect(appUrl, 1);
  const { facilityId } = await prepareWorkload(ownerUrl, app);
  await pool.end();
  const fill = await fillAuditTrail(ownerUrl, events, facilityId, log);
  log('[bench:audit] verifying the whole chain');
  const verify = await timeVerify(appUrl);

  print(figures, verify, fill);
  const loadAverage = { before: loadBefore, after: load() };
  log(`load average (1 min) before ${loadAverage.before}, after ${loadAverage.after} on ${os.cpus().length} cores`);
  const out = path.join(root, 'bench', 'results', 'audit-latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({
    measuredAt: new Date().toISOString(), quick,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1e9), node: process.version },
    loadAverage, targets, clusters: figures, bulkFill: fill, verify,
  }, null, 2)}\n`);
  log(`\n[bench:audit] written to ${path.relative(root, out)}`);
}

function underServices(): Promise<number> {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const env = {
    ...process.env,
    TEST_PG_PORT: process.env.BENCH_AUDIT_PG_PORT ?? '24532',
    TEST_S3_PORT: process.env.BENCH_AUDIT_S3_PORT ?? '24990',
    TEST_APP_PORT: process.env.BENCH_AUDIT_APP_PORT ?? '24100',
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'tests/support/with-services.ts', '--', process.execPath, tsx, __filename, ...args], { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// SCANSHARE_TEST_DATA is set by with-services: never fill a configured database with a million bench rows.
const insideServices = Boolean(process.env.SCANSHARE_TEST_DATA && process.env.DATABASE_OWNER_URL);
(insideServices ? main().then(() => 0) : underServices()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[bench:audit] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
