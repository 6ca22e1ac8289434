// A real SMTP server on loopback (npm smtp-server) that keeps every message it
// receives as a .eml file, so tests in any process can read what was sent. It
// refuses recipients whose address starts with "bounce" (550), as a real server
// refuses an unknown mailbox, so tests can see a failed delivery.
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export type MailSink = { env: Record<string, string>; dir: string; stop(): Promise<void> };

export async function startMailSink(port: number, dir: string): Promise<MailSink> {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], // loopback only; no certificate to trust
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().startsWith('bounce')) {
        const refused = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(refused);
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        n += 1;
        fs.writeFileSync(path.join(dir, `${Date.now()}-${String(n).padStart(5, '0')}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    dir,
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'ScanShare Test <no-reply@scanshare.test>', TEST_MAIL_DIR: dir,
      // Short, so retries and a killed worker's lease play out within a test (lease = 3 × timeout).
      MAIL_SEND_TIMEOUT_SECONDS: '3', MAIL_RETRY_DELAY_SECONDS: '1' },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
