// Alerts are queued in the same transaction as the event that causes them, so a
// first open or a download is never without its alert, even with SMTP down; the row
// and its delivery job (mail.deliver, lib/mail/deliver-outbox-message.ts) commit or
// vanish together.
import type { DbOrTx } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { deliverMailQueue } from '@/lib/jobs/queues';
import type { OutgoingMail } from './mailer';

export async function queueMail(tx: DbOrTx, mail: OutgoingMail & { kind: string; facilityId: string | null }): Promise<void> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({ facilityId: mail.facilityId, kind: mail.kind, toAddress: mail.to, subject: mail.subject, bodyText: mail.text })
    .returning({ id: emailOutbox.id });
  await enqueueJob(tx, deliverMailQueue, { outboxId: row!.id }, { singletonKey: row!.id });
}
