// `npm run bench`: the core path's performance on this machine, with real parts.
// 1. generates the studies on disk (bench process never holds them in memory);
// 2. runs bench/suite.ts inside tests/support/with-services.ts --app (throwaway
//    PostgreSQL + S3-compatible server, production build of the portal), on
//    ports apart from the tests' (24000/24432/24900, BENCH_*_PORT to override);
// 3. writes bench/results/latest.json and prints a table with the targets.
//   npm run bench              full run (~10 min on 2 cores)
//   npm run bench -- --quick   fewer runs and a smaller "big" study, for trying the bench itself
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromiumVersion } from './lib/browser';
import { machineInfo } from './lib/machine';
import type { BenchPlan } from './lib/plan';
import { firstImageFigure, targets } from './lib/report';
import { summarize } from './lib/stats';
import { generateStudyFiles } from './lib/study-files';
import { printPhases, printTable, printTargets } from './lib/table';
import type { RawResults } from './suite';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const ports = {
  app: Number(process.env.BENCH_APP_PORT ?? 24000),
  pg: Number(process.env.BENCH_PG_PORT ?? 24432),
  s3: Number(process.env.BENCH_S3_PORT ?? 24900),
};
const log = (line: string) => console.log(line);

async function generateStudies(dir: string): Promise<BenchPlan['studies']> {
  const started = performance.now();
  const gen = (label: string, slices: number, extra: { rows?: number; columns?: number } = {}) =>
    generateStudyFiles(root, label, path.join(dir, label), {
      slices,
      patientId: 'BENCH-0001',
      accession: label.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16),
      description: `BENCH ${label.toUpperCase()}`,
      ...extra,
    });
  const warmup = await gen('warmup', 4, { rows: 64, columns: 64 });
  const ct = [];
  for (let i = 1; i <= 5; i++) ct.push(await gen(`ct-${i}`, 300));
  const big = await gen('big', quick ? 600 : 2000);
  log(`[bench] generated ${ct.length} × 300-slice CT and a ${(big.bytes / 1e6).toFixed(0)} MB study in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { warmup, ct, big };
}

function runSuite(planPath: string): Promise<number> {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const env = {
    ...process.env,
    TEST_APP_PORT: String(ports.app),
    TEST_PG_PORT: String(ports.pg),
    TEST_S3_PORT: String(ports.s3),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'tests/support/with-services.ts', '--app', '--', process.execPath, tsx, 'bench/suite.ts', planPath], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const date = new Date().toISOString();
  const chromium = await chromiumVersion().catch(() => null);
  const machine = machineInfo(root, chromium);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-bench-'));
  try {
    const studies = await generateStudies(path.join(work, 'studies'));
    const plan: BenchPlan = {
      quick,
      studies,
      runs: quick
        ? { coldProfiles: 2, settledProfiles: 1, manifest: 2, zipCt: 2, zipBig: 1 }
        : { coldProfiles: 5, settledProfiles: 5, manifest: 5, zipCt: 5, zipBig: 3 },
      rawOut: path.join(work, 'raw.json'),
    };
    const planPath = path.join(work, 'plan.json');
    fs.writeFileSync(planPath, JSON.stringify(plan));

    const code = await runSuite(planPath);
    if (!fs.existsSync(plan.rawOut)) {
      console.error(`[bench] the suite failed (exit ${code}) before writing results`);
      return 1;
    }
    const raw = JSON.parse(fs.readFileSync(plan.rawOut, 'utf8')) as RawResults;
    const durationSeconds = Math.round((Date.now() - started) / 1000);
    const ctStudy = studies.ct[0]!;
    const firstImage = firstImageFigure(raw.firstImage, ctStudy.files.length);
    const result = {
      benchmark: 'ScanShare core path',
      schemaVersion: 1,
      date,
      command: `npm run bench${quick ? ' -- --quick' : ''}`,
      quick,
      durationSeconds,
      machine,
      setup: {
        ports,
        portal: raw.portal,
        studies: {
          ct: { count: studies.ct.length, slices: ctStudy.files.length, matrix: '512×512, 16-bit, explicit VR LE', MBEach: Number((ctStudy.bytes / 1e6).toFixed(1)) },
          big: { slices: studies.big.files.length, matrix: '512×512, 16-bit, explicit VR LE', MB: Number((studies.big.bytes / 1e6).toFixed(1)) },
        },
      },
      figures: {
        firstImage,
        manifest: raw.manifest,
        ingest: {
          ct300: { mbPerSecond: summarize(raw.ingest.ct.map((r) => r.mbPerSecond)), rssPeakGrowthMB: summarize(raw.ingest.ct.map((r) => r.rss.peakGrowthMB)), runs: raw.ingest.ct },
          big: raw.ingest.big,
        },
        zip: {
          ct300: { mbPerSecond: summarize(raw.zip.ct.map((r) => r.mbPerSecond)), rssPeakGrowthMB: summarize(raw.zip.ct.map((r) => r.rss.peakGrowthMB)), runs: raw.zip.ct },
          big: { mbPerSecond: summarize(raw.zip.big.map((r) => r.mbPerSecond)), rssPeakGrowthMB: summarize(raw.zip.big.map((r) => r.rss.peakGrowthMB)), runs: raw.zip.big },
        },
      },
      targets: targets(raw, firstImage),
      errors: raw.errors,
    };
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    report(result.figures, result.targets, raw, durationSeconds);
    return raw.errors.length > 0 || code !== 0 ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

type Figures = { firstImage: Record<string, unknown> };

function report(figures: Figures, t: ReturnType<typeof targets>, raw: RawResults, durationSeconds: number) {
  const fi = (mode: string) => figures.firstImage[mode] as { firstImageMs: ReturnType<typeof summarize>; allInstancesMs: ReturnType<typeof summarize>; phasesMedianMs: Record<string, number | null> } | undefined;
  const m = raw.manifest;
  const s = (v: number[]) => summarize(v);
  printTable(
    `ScanShare core path — ${new Date().toISOString()} — ${durationSeconds} s`,
    [
      ['first image, cold: click → image (ms)', fi('cold')?.firstImageMs ?? null, '≤ 2000'],
      ['first image, cold after list page settled (ms)', fi('cold-settled')?.firstImageMs ?? null],
      ['first image, warm (ms)', fi('warm')?.firstImageMs ?? null, '≤ 1000'],
      ['all 300 instances loaded, cold (ms)', fi('cold')?.allInstancesMs ?? null],
      ['all 300 instances loaded, warm (ms)', fi('warm')?.allInstancesMs ?? null],
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
  for (const mode of ['cold', 'cold-settled', 'warm']) if (fi(mode)) phases[mode] = fi(mode)!.phasesMedianMs;
  printPhases(phases, log);
  printTargets(t, log);
  for (const e of raw.errors) log(`error in ${e.figure}: ${e.message}`);
  log('\nWritten to bench/results/latest.json');
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[bench] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
