// The worker: one pg-boss instance (as the runtime role) that polls every queue,
// runs its handler, keeps the periodic schedules, and expires jobs whose worker
// died (a job active longer than its queue's expireInSeconds is retried). Any number
// of workers may run at once; pg-boss hands each job to one of them (SKIP LOCKED).
import { PgBoss } from 'pg-boss';
import { describeFailure } from '@/lib/logging/describe-failure';
import { jobHandlers } from './handlers';
import { jobQueueOptions } from './job-queue-settings';
import { syncQueues } from './sync-queues';

/** Name and codes only: an SMTP refusal's message names the recipient's address. */
function failureKind(err: unknown): string {
  const e = err as { name?: string; code?: string; responseCode?: number };
  return [e.name ?? 'Error', e.code, e.responseCode].filter(Boolean).join(' ');
}

export type RunningWorker = { stop(): Promise<void> };

export async function startWorker(options: { databaseUrl: string; log: (line: string) => void; concurrency?: number }): Promise<RunningWorker> {
  const boss = new PgBoss({
    ...jobQueueOptions(options.databaseUrl),
    migrate: false, // the owner installs and migrates the schema (db/migrate.ts)
    // How soon a killed worker's job is seen as expired (active past its queue's
    // expireInSeconds) and retried: every 5 s, one cheap statement per queue.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
  });
  boss.on('error', (err) => options.log(`[worker] queue error: ${describeFailure(err)}`));
  await boss.start();
  await syncQueues(boss, jobHandlers.map((h) => h.queue));
  for (const { queue, run } of jobHandlers) {
    if (queue.cron) await boss.schedule(queue.name, queue.cron, {}, { tz: 'UTC' });
    await boss.work(queue.name, { localConcurrency: options.concurrency ?? 2, batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      try {
        return await run(job!.data);
      } catch (err) {
        options.log(`[worker] ${queue.name} job ${job!.id} failed, will be retried with backoff: ${failureKind(err)}`);
        throw err;
      }
    });
  }
  options.log(`[worker] running ${jobHandlers.map((h) => h.queue.name).join(', ')}`);
  return {
    stop: async () => {
      // Graceful: jobs in flight finish (up to 20 s), then the pool closes.
      await boss.stop({ graceful: true, timeout: 20_000 });
    },
  };
}
