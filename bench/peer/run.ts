// `npm run bench:peer`: ScanShare and the standard open-source stack (the same
// OHIF viewer on Orthanc's DICOMweb) side by side, on the same studies, in one run.
// 1. installs what the peer needs when root (Debian orthanc, orthanc-dicomweb,
//    nginx-light, dcmtk; services never started by the install);
// 2. generates the studies on disk with the project's generator;
// 3. installs the viewer and builds the portal (outside the namespace: the
//    viewer tarball may have to be fetched);
// 4. runs bench/peer/suite.ts inside tests/support/with-services.ts --app, in a
//    private network namespace (unshare -n; its own loopback only) so Orthanc,
//    which binds every interface, is reachable from nothing else. Without one the
//    peer is skipped with a message, and ScanShare's own figures still run;
// 5. writes bench/results/peer-<date>.json and prints the ratio table.
//   tsx bench/peer/run.ts              full run (~12–15 min on a 2-core machine)
//   tsx bench/peer/run.ts --quick      fewer runs (~5 min)
//   tsx bench/peer/run.ts --no-peer    ScanShare and the static reference only
//   … --out <file>                     another results file
// Ports (all loopback, all in 22000–22999): portal 22000, PostgreSQL 22432,
// S3 22900, test IdPs 22901/22910, mail sink 22925, Orthanc HTTP 22042 / DICOM 22104, nginx
// 22080 (peer origin) / 22081 (static origin); PEER_BENCH_*_PORT to override.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale } from '../../scripts/lib/build-if-stale';
import { runCommand } from '../../scripts/lib/run-command';
import { chromiumVersion } from '../lib/browser';
import { machineInfo } from '../lib/machine';
import type { PeerPlan } from './lib/plan';
import { ensurePrerequisites } from './lib/prerequisites';
import { composePeerResult, printPeerSummary } from './lib/report';
import { generatePeerStudies } from './lib/studies';
import type { RawPeer } from './suite';

const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wantPeer = !args.includes('--no-peer');
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = (name: string, fallback: number) => Number(process.env[`PEER_BENCH_${name}_PORT`] ?? fallback);
const ports = {
  app: port('APP', 22000),
  pg: port('PG', 22432),
  s3: port('S3', 22900),
  oidc: port('OIDC', 22901),
  saml: port('SAML', 22910),
  smtp: port('SMTP', 22925),
  orthancHttp: port('ORTHANC_HTTP', 22042),
  orthancDicom: port('ORTHANC_DICOM', 22104),
  nginxPeer: port('NGINX_PEER', 22080),
  nginxStatic: port('NGINX_STATIC', 22081),
};
const log = (line: string) => console.log(line);

/** The suite inside the harness; inside `unshare -n` (with its loopback up) when `isolated`. */
function runSuite(planPath: string, isolated: boolean): Promise<number> {
  const inner = [process.execPath, tsx, 'tests/support/with-services.ts', '--app', '--', process.execPath, tsx, path.join(root, 'bench', 'peer', 'suite.ts'), planPath];
  const [cmd, ...cmdArgs] = isolated ? ['unshare', '-n', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'peer-netns', ...inner] : inner;
  const env = {
    ...process.env,
    TEST_APP_PORT: String(ports.app),
    TEST_PG_PORT: String(ports.pg),
    TEST_S3_PORT: String(ports.s3),
    TEST_OIDC_PORT: String(ports.oidc),
    TEST_SAML_PORT: String(ports.saml),
    TEST_SMTP_PORT: String(ports.smtp), // the harness's mail sink, where it has one
    BENCH_ROOT_PID: String(process.pid),
  };
  return new Promise((resolve) => {
    const child = spawn(cmd!, cmdArgs, { cwd: root, env, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const date = new Date().toISOString();
  const availability = ensurePrerequisites(log, { peer: wantPeer });
  if (availability.peerSkipReason) log(`[peer] the peer is SKIPPED: ${availability.peerSkipReason}. ScanShare's own figures still run.`);
  const chromium = await chromiumVersion().catch(() => null);
  const machine = machineInfo(root, chromium);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-peer-'));
  fs.chmodSync(work, 0o755); // nginx and the harness read the studies from here
  try {
    const t0 = performance.now();
    const studies = await generatePeerStudies(root, path.join(work, 'studies'), quick ? 2 : 5);
    log(`[peer] generated the studies in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await runCommand(process.execPath, [tsx, 'scripts/setup-viewer.ts'], { cwd: root });
    await buildIfStale(root, log);
    const plan: PeerPlan = {
      quick,
      peerSkipReason: availability.peerSkipReason,
      staticSkipReason: availability.staticSkipReason,
      workDir: work,
      viewerDir: path.join(root, 'public', 'viewer'),
      ports: { orthancHttp: ports.orthancHttp, orthancDicom: ports.orthancDicom, nginxPeer: ports.nginxPeer, nginxStatic: ports.nginxStatic },
      studies,
      runs: quick
        ? { viewPairs: 2, settledProfiles: 1, secondaryPairs: 1, metadata: 3, download: 2, gzipProfiles: 1, scaleMisses: 2 }
        : { viewPairs: 5, settledProfiles: 3, secondaryPairs: 2, metadata: 5, download: 5, gzipProfiles: 2, scaleMisses: 3 },
      rawOut: path.join(work, 'raw.json'),
    };
    const planPath = path.join(work, 'plan.json');
    fs.writeFileSync(planPath, JSON.stringify(plan));
    const code = await runSuite(planPath, availability.privateNetwork && !availability.peerSkipReason);
    if (!fs.existsSync(plan.rawOut)) {
      console.error(`[peer] the suite failed (exit ${code}) before writing results`);
      return 1;
    }
    const raw = JSON.parse(fs.readFileSync(plan.rawOut, 'utf8')) as RawPeer;
    const durationSeconds = Math.round((Date.now() - started) / 1000);
    const study = (s: { files: string[]; bytes: number }) => ({ instances: s.files.length, MB: Number((s.bytes / 1e6).toFixed(1)) });
    const result = composePeerResult({
      date,
      command: `npm run bench:peer${args.length ? ` -- ${args.join(' ')}` : ''}`,
      quick,
      durationSeconds,
      machine,
      setup: {
        ports,
        privateNetworkNamespace: availability.privateNetwork && !availability.peerSkipReason,
        installedByThisRun: availability.installed,
        runs: plan.runs,
      },
      studies: {
        ct: { ...study(studies.ct[0]!), copiesForIngest: studies.ct.length, matrix: '512×512, 16-bit, explicit VR LE' },
        ctJpegLossless: { ...study(studies.ctJpegLossless), transferSyntax: 'JPEG Lossless SV1 (1.2.840.10008.1.2.4.70)' },
        mr: { ...study(studies.mr), series: 2 },
        cr: { ...study(studies.cr), matrix: '3000×2500' },
        scale: studies.scale.map((s) => ({ ...study(s), matrix: '64×64' })),
      },
      raw,
    });
    const outFile = path.resolve(argValue('--out') ?? path.join(root, 'bench', 'results', `peer-${date.slice(0, 10)}.json`));
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
    printPeerSummary(result, log);
    log(`\nWritten to ${path.relative(process.cwd(), outFile)}`);
    return raw.errors.length > 0 || code !== 0 ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[peer] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
