// Sends queued e-mails. Each row is claimed under a row lock (SKIP LOCKED), so
// several portal processes can deliver without sending one twice; a failure backs
// off (1 min, 2, 4 … capped at 1 h) and is retried, never dropped.
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { db } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { describeFailure } from '@/lib/logging/describe-failure';
import { mailConfigured, sendMail } from './mailer';

const maxBackoffMs = 3_600_000;

/** Sends up to `limit` due messages; returns how many were sent and how many failed. */
export async function deliverPendingMail(limit = 20): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await db().transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(emailOutbox)
        .where(and(isNull(emailOutbox.sentAt), lte(emailOutbox.nextAttemptAt, new Date())))
        .orderBy(asc(emailOutbox.nextAttemptAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row) return 'none' as const;
      try {
        await sendMail({ to: row.toAddress, subject: row.subject, text: row.bodyText });
        await tx.update(emailOutbox).set({ sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(emailOutbox.id, row.id));
        return 'sent' as const;
      } catch (err) {
        const backoff = Math.min(maxBackoffMs, 60_000 * 2 ** row.attempts);
        await tx
          .update(emailOutbox)
          .set({ attempts: row.attempts + 1, lastError: (err as Error).message.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoff) })
          .where(eq(emailOutbox.id, row.id));
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') sent += 1;
    else failed += 1;
  }
  return { sent, failed };
}

let timer: NodeJS.Timeout | undefined;

/** Started once per server process (instrumentation.ts) when SMTP is configured. */
export function startOutboxDelivery(intervalMs: number): void {
  if (timer || !mailConfigured()) return;
  let running = false;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverPendingMail()
      .then(({ failed }) => {
        if (failed > 0) console.warn(`[mail] ${failed} message(s) could not be sent; they will be retried`);
      })
      .catch((err: unknown) => console.error(`[mail] outbox delivery failed: ${describeFailure(err)}`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
}
