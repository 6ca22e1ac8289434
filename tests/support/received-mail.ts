// Reads what the test mail sink received (tests/support/mail-sink.ts), parsed with mailparser.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export type ReceivedMail = { to: string; subject: string; text: string; messageId: string; file: string; receivedAt: number };

function mailDir(): string {
  const dir = process.env.TEST_MAIL_DIR;
  if (!dir) throw new Error('TEST_MAIL_DIR is not set: run me through tests/support/with-services.ts');
  return dir;
}

export async function receivedMail(): Promise<ReceivedMail[]> {
  const dir = mailDir();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort() : [];
  const out: ReceivedMail[] = [];
  for (const file of files) {
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, file)));
    const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
    // The sink names files <epoch ms>-<n>.eml.
    out.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId ?? '', file, receivedAt: Number(file.split('-')[0]) });
  }
  return out;
}

/** Waits (bounded) for a message to `to` whose subject (and text) match, received at or after `since` (epoch ms). */
export async function waitForMail(to: string, subject: RegExp, options: { timeoutMs?: number; since?: number; text?: RegExp } = {}): Promise<ReceivedMail> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await receivedMail()).find(
      (m) => m.to.toLowerCase().includes(to.toLowerCase()) && subject.test(m.subject) && m.receivedAt >= (options.since ?? 0) && (options.text?.test(m.text) ?? true),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
