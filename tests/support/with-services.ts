// Test harness: starts a throwaway PostgreSQL and S3-compatible server (the same
// embedded parts `npm start` uses, in a temp folder), migrates, optionally builds
// and starts the portal, runs the given command with their settings in its
// environment, and stops everything. Refuses to touch a non-local database.
//   tsx tests/support/with-services.ts [--app] [--object-lock] -- <command> [args…]
// --object-lock: the bucket is on a single-node Ceph radosgw under S3 Object Lock
// (tests/support/ceph/) instead of the local S3-compatible server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { startEmbeddedRuntime } from '@/lib/embedded/embedded-runtime';
import { buildIfStale } from '../../scripts/lib/build-if-stale';
import { startPortal, type PortalProcess } from '../../scripts/lib/portal-process';
import { runCommand } from '../../scripts/lib/run-command';
import { startWorkerProcess, type WorkerProcess } from '../../scripts/lib/worker-process';
import { startMailSink } from './mail-sink';
import { PortTakenError, resolveTestPorts, testPortSettings } from './test-ports';

const root = process.cwd();
const args = process.argv.slice(2);
const withApp = args.includes('--app');
const withObjectLock = args.includes('--object-lock');
const command = args.slice(args.indexOf('--') + 1);
const log = (line: string) => console.log(line);


// A SIGTERM or Ctrl-C ends the command, never this process: the `finally` in main()
// then stops every service, so no portal is left holding its port for the next run.
let interrupted: NodeJS.Signals | undefined;
let running: ChildProcess | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = signal;
    running?.kill(signal);
  });
}

async function main(): Promise<number> {
  if (command.length === 0) throw new Error('usage: with-services.ts [--app] -- <command…>');
  // Before anything starts: a taken port is named here, with the variable that moves it.
  const ports = await resolveTestPorts(testPortSettings, process.env, log);
  const appPort = ports.TEST_APP_PORT!;
  const publicOrigin = `http://localhost:${appPort}`;
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-test-'));
  // Let the postgres OS user (when we run as root) enter it; it still cannot list it.
  fs.chmodSync(dataRoot, 0o711);
  const { startCephObjectLock } = await import('./ceph/ceph-object-lock');
  const ceph = withObjectLock
    ? await startCephObjectLock({ monPort: Number(process.env.TEST_CEPH_MON_PORT ?? 26789), rgwPort: Number(process.env.TEST_CEPH_RGW_PORT ?? 27480), publicOrigin, log })
    : undefined;
  const runtime = await startEmbeddedRuntime({
    dataRoot,
    publicOrigin,
    pgPort: ports.TEST_PG_PORT!,
    s3Port: ports.TEST_S3_PORT!,
    base: { ...ceph?.env }, // always embedded PostgreSQL: tests never reach a configured database
    log,
  });
  let portal: PortalProcess | undefined;
  let worker: WorkerProcess | undefined;
  let stopIdentity: (() => Promise<void>) | undefined;
  const mail = await startMailSink(ports.TEST_SMTP_PORT!, path.join(dataRoot, 'mail'));
  try {
    const testEnv: NodeJS.ProcessEnv = { ...process.env, ...ceph?.env, ...runtime.env, ...mail.env, SCANSHARE_DEMO: 'true', SCANSHARE_TEST_DATA: dataRoot,
      // Short enough that a browser test can outlive a manifest's URLs (tests/e2e/access-control.spec.ts).
      PRESIGN_TTL_SECONDS: '90', NODE_ENV: 'test',
      // The test reverse proxy connects from here (tests/support/reverse-proxy.ts); nothing else does.
      TRUSTED_PROXIES: '127.0.0.2', TRUSTED_PROXY_HOPS: '0' };
    Object.assign(process.env, testEnv);
    const { runMigrations } = await import('@/db/migrate');
    // Audit integrity: migrate as the owner; DATABASE_URL (what the tests and the portal use) is scanshare_app.
    await runMigrations(runtime.env.DATABASE_OWNER_URL!);
    if (withApp) {
      const { seedDemoAccounts } = await import('@/db/seed');
      await seedDemoAccounts();
      const { startIdentityFixtures } = await import('./identity-fixtures');
      const identity = await startIdentityFixtures(publicOrigin, ports.TEST_OIDC_PORT!, ports.TEST_SAML_PORT!);
      stopIdentity = identity.stop;
      Object.assign(testEnv, identity.env);
      await runCommand(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/setup-viewer.ts'], { cwd: root });
      await buildIfStale(root, log);
      const { withoutOwnerUrl } = await import('@/lib/audit/database-roles'); // the portal never gets the owner URL
      // The portal queues e-mail; the worker beside it delivers (tests/e2e/email-delivery.spec.ts).
      worker = await startWorkerProcess({ root, env: withoutOwnerUrl(testEnv), quiet: !process.env.TEST_APP_LOGS });
      // The browser tests sign in as the demo account dozens of times a minute from one address: the
      // sign-in limits are lifted for this portal (tests/e2e/sign-in-rate-limit.spec.ts starts one with them).
      const limits = { SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT: '100000', SIGN_IN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT: '100000' };
      portal = await startPortal({ root, port: appPort, env: { ...withoutOwnerUrl(testEnv), ...limits }, quiet: !process.env.TEST_APP_LOGS });
      testEnv.BASE_URL = publicOrigin;
    }
    if (interrupted) return 1; // stopped while the services were starting
    return await new Promise<number>((resolve) => {
      running = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: testEnv, cwd: root });
      running.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await portal?.stop();
    await worker?.stop();
    await stopIdentity?.();
    await mail.stop();
    const { closeDb } = await import('@/db/client');
    await closeDb();
    await runtime.stop();
    await ceph?.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // A taken port is the user's to fix, in one sentence; anything else keeps its stack.
    if (err instanceof PortTakenError) console.error(`[test services] ${err.message}`);
    else console.error(`[test services] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
