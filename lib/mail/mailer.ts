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
  transport ??= nodemailer.createTransport(url, { from: env().MAIL_FROM });
  return transport;
}

export type OutgoingMail = { to: string; subject: string; text: string };

/** Sends one message; rejects with the SMTP server's reason when it refuses or cannot be reached. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  await transporter().sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
}
