// Puts a job on the queue inside the caller's transaction, so the job exists if and
// only if what it is about was committed (an alert is queued with the open it reports).
//
// pg-boss's own send() needs a started instance, which arms timers (a queue cache
// refresh, a progress emitter): not allowed in the web process. So this runs the very
// statement send() runs (pg-boss's insertJobs plan, pinned with pg-boss's exact
// version) through the caller's drizzle transaction. The queue's retry policy comes
// from its row in pgboss.queue, which migrations create (install-job-queue-schema.ts).
import { sql, type SQL } from 'drizzle-orm';
import { insertJobs } from 'pg-boss/dist/plans.js';
import type { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { jobQueueSchema } from './job-queue-settings';
import type { QueueDefinition } from './queues';

/** Turns pg's `$1` placeholders into drizzle parameters. pg-boss's statements carry no other `$<digit>`. */
function withParameters(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`));
  return sql.join(chunks);
}

/**
 * Queues `payload` (validated against the queue's schema). With `singletonKey` on an
 * exclusive queue, a second job for the same key while one is waiting or running is
 * not created; returns null then.
 */
export async function enqueueJob<P extends z.ZodType>(
  tx: DbOrTx,
  queue: QueueDefinition<P>,
  payload: z.input<P>,
  options: { singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  const data = queue.payload.parse(payload);
  const statement = insertJobs(jobQueueSchema, { table: 'job', name: queue.name, returnId: true });
  const job = { data, singletonKey: options.singletonKey, startAfter: options.startAfterSeconds ? `${options.startAfterSeconds} seconds` : undefined };
  const result = await tx.execute<{ id: string }>(withParameters(statement, [JSON.stringify([job])]));
  return result.rows[0]?.id ?? null;
}
