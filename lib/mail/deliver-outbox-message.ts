// Delivers one queued e-mail (an email_outbox row), as the job `mail.deliver`.
// Exactly once in effect, through three steps with a commit between each:
//   1. claim: mark the row as being sent (sending_started_at) and fix its Message-ID,
//      unless it was sent already or another worker holds a fresh claim;
//   2. hand it to SMTP, holding no database lock or transaction meanwhile;
//   3. record the outcome: sent_at, or the error and a backoff for the retry.
// A worker killed during 2 leaves a claim older than the lease; the retry takes it
// over and sends again with the same Message-ID. The one window left: the SMTP server
// accepted (250) and the worker died before step 3 committed (milliseconds). The
// retry then sends a second copy, which carries the same Message-ID, so mail systems
// that deduplicate by it (and every mail client's threading) show it once. SMTP has no
// way to ask "did you already take this one?", so no client can close that window.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { env } from '@/lib/env';
import { mailLeaseSeconds } from '@/lib/jobs/queues';
import { sendMail } from './mailer';

export type DeliveryOutcome = 'sent' | 'already_sent' | 'gone';

/** Thrown when another worker is sending this message right now: the job is retried later. */
export class MessageBeingSentError extends Error {
  constructor() {
    super('another worker is sending this message; will look again');
    this.name = 'MessageBeingSentError';
  }
}

function newMessageId(): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(env().MAIL_FROM)?.[1] ?? new URL(env().PUBLIC_ORIGIN).hostname;
  return `<${randomUUID()}@${domain}>`;
}

const backoffCapMs = 3_600_000;

export async function deliverOutboxMessage(outboxId: string): Promise<DeliveryOutcome> {
  const staleBefore = sql`now() - make_interval(secs => ${mailLeaseSeconds()})`;
  const [claimed] = await db()
    .update(emailOutbox)
    .set({ sendingStartedAt: sql`now()`, attempts: sql`${emailOutbox.attempts} + 1`, messageId: sql`COALESCE(${emailOutbox.messageId}, ${newMessageId()})` })
    .where(and(eq(emailOutbox.id, outboxId), isNull(emailOutbox.sentAt), or(isNull(emailOutbox.sendingStartedAt), lt(emailOutbox.sendingStartedAt, staleBefore))))
    .returning();
  if (!claimed) {
    const [row] = await db().select({ sentAt: emailOutbox.sentAt }).from(emailOutbox).where(eq(emailOutbox.id, outboxId));
    if (!row) return 'gone';
    if (row.sentAt) return 'already_sent';
    throw new MessageBeingSentError();
  }
  try {
    await sendMail({ to: claimed.toAddress, subject: claimed.subject, text: claimed.bodyText, messageId: claimed.messageId! });
  } catch (err) {
    const backoffMs = Math.min(backoffCapMs, env().MAIL_RETRY_DELAY_SECONDS * 1000 * 2 ** (claimed.attempts - 1));
    await db()
      .update(emailOutbox)
      .set({ sendingStartedAt: null, lastError: (err as Error).message.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs) })
      .where(eq(emailOutbox.id, outboxId));
    throw err;
  }
  await db().update(emailOutbox).set({ sentAt: sql`now()`, sendingStartedAt: null, lastError: null }).where(eq(emailOutbox.id, outboxId));
  return 'sent';
}
