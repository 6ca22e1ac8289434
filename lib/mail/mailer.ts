// Outgoing mail through SMTP (nodemailer), configured by SMTP_URL. One transport per
// process, pooled. Messages are plain text, carry no patient data beyond initials,
// and never an access code next to its link.
import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

let transport: Transporter | undefined;

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

function transporter(): Transporter {
  const url = env().SMTP_URL;
  if (!url) throw new AppError('unavailable:mail', 'E-mail is not set up on this ScanShare server.');
  // Bounded: a queued message's lease (lib/jobs/queues.ts) must outlast any send, so a
  // slow server ends the attempt (and it is retried) before another worker may take it.
  const timeoutMs = env().MAIL_SEND_TIMEOUT_SECONDS * 1000;
  transport ??= nodemailer.createTransport(
    { url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, dnsTimeout: timeoutMs },
    { from: env().MAIL_FROM },
  );
  return transport;
}

export type OutgoingMail = { to: string; subject: string; text: string };

/**
 * Sends one message; rejects with the SMTP server's reason when it refuses or cannot be
 * reached. `messageId` (`<…@…>`) is kept across retries of one queued message, so a copy
 * sent twice after a crash is recognisably the same message.
 */
export async function sendMail(mail: OutgoingMail & { messageId?: string }): Promise<void> {
  await transporter().sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
}
