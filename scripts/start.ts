// `npm start`: the whole portal on one command. With nothing configured it runs
// on embedded defaults (PostgreSQL and an S3-compatible server under .data/, a
// demo facility, demo sign-in and a generated demo CT). With DATABASE_URL and S3
// settings it uses those instead. Migrations run at every start.
import path from 'node:path';
import { startEmbeddedRuntime } from '@/lib/embedded/embedded-runtime';
import { buildIfStale } from './lib/build-if-stale';
import { startPortal } from './lib/portal-process';
import { runCommand } from './lib/run-command';
import { startWorkerProcess } from './lib/worker-process';

const root = process.cwd();
const log = (line: string) => console.log(line);

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const runtime = await startEmbeddedRuntime({
    dataRoot: path.join(root, '.data'),
    publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`,
    pgPort: Number(process.env.SCANSHARE_PG_PORT ?? 15432),
    s3Port: Number(process.env.SCANSHARE_S3_PORT ?? 19000),
    base: process.env,
    log,
  });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([portal?.stop(), worker?.stop()]);
    const { closeDb } = await import('@/db/client');
    await closeDb();
    await runtime.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  try {
    Object.assign(process.env, runtime.env);
    const { env } = await import('@/lib/env');
    const config = env(); // a bad configuration stops here, with the list of problems
    const { runMigrations } = await import('@/db/migrate');
    // Audit integrity: migrate as the owner, then refuse to serve as a role that could rewrite the audit trail.
    await runMigrations(config.DATABASE_OWNER_URL ?? config.DATABASE_URL);
    const { runtimeRoleProblems, withoutOwnerUrl } = await import('@/lib/audit/database-roles');
    const roleProblems = await runtimeRoleProblems(config.DATABASE_URL);
    if (roleProblems.length > 0) {
      throw new Error(`DATABASE_URL must be the portal's own role, not one that can rewrite the audit trail: ${roleProblems.join('; ')}. ` +
        'Set DATABASE_OWNER_URL to the schema owner (for migrations) and DATABASE_URL to a login in role scanshare_app (README, "Database roles").');
    }
    if (config.SCANSHARE_DEMO) {
      const { seedDemoAccounts } = await import('@/db/seed');
      const { seedDemoStudy } = await import('@/lib/ingest/seed-demo-study');
      const { seedDemoReferral } = await import('@/lib/shares/seed-demo-referral');
      const frontDesk = await seedDemoAccounts();
      const demoStudyId = await seedDemoStudy(frontDesk, log);
      // The demo specialist's inbox: a referral of the demo study (a fresh one if the last expired).
      if (demoStudyId && (await seedDemoReferral(frontDesk, demoStudyId)) === 'created') log('[scanshare] demo referral for the demo specialist\'s inbox ready');
    }
    await runCommand(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/setup-viewer.ts'], { cwd: root });
    await buildIfStale(root, log);
    // Background jobs (e-mail, pruning) run beside the portal, as the same runtime role.
    worker = await startWorkerProcess({ root, env: withoutOwnerUrl(process.env) });
    worker.child.on('exit', (code) => void shutdown(code ?? 1));
    portal = await startPortal({ root, port, env: withoutOwnerUrl(process.env) }); // audit integrity: no owner URL in the portal
    log(`\n[scanshare] ready: ${config.PUBLIC_ORIGIN}${config.SCANSHARE_DEMO ? '  (demo sign-in: ' + config.PUBLIC_ORIGIN + '/sign-in)' : ''}`);
    portal.child.on('exit', (code) => void shutdown(code ?? 1));
  } catch (err) {
    console.error(`\n[scanshare] could not start: ${(err as Error).message}`);
    await shutdown(1);
  }
}

void main();
