// The outbox sweep (job `mail.sweep-outbox`, every minute): every message still unsent
// and due gets a delivery job. Most already have one, queued with the event that wrote
// them; the exclusive queue refuses a second, so this only fills gaps: a job whose
// retries ran out, a claim left by a killed worker, rows written before the queue existed.
import { and, asc, isNull, lte, or, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { deliverMailQueue, mailLeaseSeconds } from '@/lib/jobs/queues';

export async function sweepOutbox(limit = 500): Promise<{ queued: number }> {
  const due = await db()
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        isNull(emailOutbox.sentAt),
        lte(emailOutbox.nextAttemptAt, new Date()),
        or(isNull(emailOutbox.sendingStartedAt), lt(emailOutbox.sendingStartedAt, sql`now() - make_interval(secs => ${mailLeaseSeconds()})`)),
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(limit);
  let queued = 0;
  for (const row of due) {
    if (await enqueueJob(db(), deliverMailQueue, { outboxId: row.id }, { singletonKey: row.id })) queued += 1;
  }
  return { queued };
}
