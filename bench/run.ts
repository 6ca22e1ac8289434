// `npm run bench`: the core path's performance on this machine, with real parts.
// 1. generates the studies on disk (bench process never holds them in memory);
// 2. runs bench/suite.ts inside tests/support/with-services.ts --app (throwaway
//    PostgreSQL + S3-compatible server, production build of the portal), on
//    ports apart from the tests' (24000/24432/24900/24901, BENCH_*_PORT to override);
// 3. writes bench/results/latest.json and prints a table with the targets.
//   npm run bench              full run (~5.5 min on a quiet 2-core machine, ≤ ~10 min busy)
//   npm run bench -- --quick   fewer runs and a smaller "big" study, for trying the bench itself
//   npm run bench -- --no-audit  skip the audit trail's figures (bench/audit/run.ts, run after the rest)
//   npm run bench -- --no-peer   skip ScanShare vs OHIF + Orthanc (bench/peer/run.ts, run last)
//   npm run bench -- --app-root <dir> --out bench/results/<name>.json
//                              measure another checkout of the portal (e.g. an older commit
//                              exported with `git archive`, node_modules symlinked), same bench code;
//                              --label <text> is stored with the results
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromiumVersion } from './lib/browser';
import { machineInfo } from './lib/machine';
import type { BenchPlan } from './lib/plan';
import { composeResult } from './lib/report';
import { generateStudyFiles } from './lib/study-files';
import { printSummary } from './lib/summary';
import type { RawResults } from './suite';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const appRoot = path.resolve(argValue('--app-root') ?? root);
const label = argValue('--label');
const outFile = path.resolve(argValue('--out') ?? path.join(root, 'bench', 'results', 'latest.json'));
const ports = {
  app: Number(process.env.BENCH_APP_PORT ?? 24000),
  pg: Number(process.env.BENCH_PG_PORT ?? 24432),
  s3: Number(process.env.BENCH_S3_PORT ?? 24900),
  oidc: Number(process.env.BENCH_OIDC_PORT ?? 24901),
  saml: Number(process.env.BENCH_SAML_PORT ?? 24910),
  smtp: Number(process.env.BENCH_SMTP_PORT ?? 24925),
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
  const suite = path.join(root, 'bench', 'suite.ts');
  const env = {
    ...process.env,
    TEST_APP_PORT: String(ports.app),
    TEST_PG_PORT: String(ports.pg),
    TEST_S3_PORT: String(ports.s3),
    TEST_OIDC_PORT: String(ports.oidc), // the harness's test identity providers
    TEST_SAML_PORT: String(ports.saml),
    TEST_SMTP_PORT: String(ports.smtp),
    BENCH_ROOT_PID: String(process.pid),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'tests/support/with-services.ts', '--app', '--', process.execPath, tsx, suite, planPath], {
      cwd: appRoot,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** A bench of its own (bench/<dir>/run.ts: the audit trail's figures, or the OHIF + Orthanc peer), each on its own throwaway services. */
function runSubBench(label: string, dir: 'audit' | 'peer'): Promise<number> {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  log(`\n[bench] ${label} (bench/${dir}/run.ts)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, path.join(root, 'bench', dir, 'run.ts'), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const date = new Date().toISOString();
  const chromium = await chromiumVersion().catch(() => null);
  const machine = machineInfo(appRoot, chromium);
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
    const result = composeResult({
      date,
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      quick,
      durationSeconds,
      machine,
      setup: { appRoot: appRoot === root ? '.' : appRoot, ...(label ? { label } : {}), ports },
      studies,
      raw,
    });
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
    printSummary(result.figures.firstImage, result.targets, raw, durationSeconds, log);
    log(`\nWritten to ${path.relative(process.cwd(), outFile)}`);
    const auditCode = process.argv.includes('--no-audit') || appRoot !== root ? 0 : await runSubBench('audit trail', 'audit');
    const peerCode = process.argv.includes('--no-peer') || appRoot !== root ? 0 : await runSubBench('ScanShare vs OHIF + Orthanc', 'peer');
    return raw.errors.length > 0 || code !== 0 || auditCode !== 0 || peerCode !== 0 ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[bench] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
