// `npm run worker`: runs every background job (e-mail delivery, the outbox sweep,
// pruning) from the Postgres job queue, as the portal's runtime role. Start as many
// as you like, on any machine that reaches the database; `npm start` starts one.
// SIGTERM or Ctrl-C: jobs in flight finish, then it exits.
import { closeDb } from '@/db/client';
import { env } from '@/lib/env';
import { startWorker } from '@/lib/jobs/run-worker';

const log = (line: string) => console.log(line);

async function main() {
  const config = env(); // a bad configuration stops here, with the list of problems
  const worker = await startWorker({ databaseUrl: config.DATABASE_URL, log });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await closeDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(`[worker] could not start: ${(err as Error).message}`);
  process.exit(1);
});
