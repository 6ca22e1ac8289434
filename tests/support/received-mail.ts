// Reads what the test mail sink received (tests/support/mail-sink.ts), parsed with mailparser.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export type ReceivedMail = { to: string; subject: string; text: string; file: string };

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
    out.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', file });
  }
  return out;
}

/** Waits (bounded) for a message to `to` whose subject matches. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await receivedMail()).find((m) => m.to.toLowerCase().includes(to.toLowerCase()) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
