// A real SMTP server on loopback (npm smtp-server) that keeps every message it
// receives as a .eml file, so tests in any process can read what was sent. It
// refuses recipients whose address starts with "bounce" (550), as a real server
// refuses an unknown mailbox, so tests can see a failed delivery. Two more, for the
// job queue's tests (tests/integration/jobs/):
//   flaky-<n>-…  refused with 451 (try again later) the first n times, then taken;
//                every refusal is logged with its time in <dir>/refusals.log
//   slow-…       the reply to the message's end is held 1.5 s; a client that hangs up
//                meanwhile never got its 250, so the message is discarded, as a real
//                server does with a message it never acknowledged.
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export type MailSink = { env: Record<string, string>; dir: string; stop(): Promise<void> };

export async function startMailSink(port: number, dir: string): Promise<MailSink> {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const refusals = new Map<string, number>();
  const closed = new Set<string>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], // loopback only; no certificate to trust
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (to.startsWith('bounce')) {
        const refused = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(refused);
      }
      const flaky = /^flaky-(\d+)-/.exec(to);
      if (flaky && (refusals.get(to) ?? 0) < Number(flaky[1])) {
        refusals.set(to, (refusals.get(to) ?? 0) + 1);
        fs.appendFileSync(path.join(dir, 'refusals.log'), `${Date.now()} ${to}\n`);
        return callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const keep = () => {
          if (closed.has(session.id)) return; // hung up before our 250: not accepted
          n += 1;
          fs.writeFileSync(path.join(dir, `${Date.now()}-${String(n).padStart(5, '0')}.eml`), Buffer.concat(chunks));
          callback();
        };
        const slow = session.envelope.rcptTo.some((r) => r.address.toLowerCase().startsWith('slow-'));
        if (slow) setTimeout(keep, 1500);
        else keep();
      });
    },
    onClose(session, callback) {
      closed.add(session.id);
      if (typeof callback === 'function') callback();
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
