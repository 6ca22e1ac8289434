// Alerts are queued in the same transaction as the event that causes them, so a
// first open or a download is never without its alert, even with SMTP down; the
// deliverer (deliver-outbox.ts) sends them and retries.
import type { DbOrTx } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import type { OutgoingMail } from './mailer';

export async function queueMail(tx: DbOrTx, mail: OutgoingMail & { kind: string; facilityId: string | null }): Promise<void> {
  await tx.insert(emailOutbox).values({ facilityId: mail.facilityId, kind: mail.kind, toAddress: mail.to, subject: mail.subject, bodyText: mail.text });
}
