// The job queue delivering queued e-mail (lib/mail/deliver-outbox-message.ts) with real
// worker processes (scripts/worker.ts), real PostgreSQL and the real SMTP sink
// (tests/support/mail-sink.ts): retries with backoff when the server refuses; a
// worker killed with SIGKILL mid-send is replaced and the message arrives once;
// two workers at once, with duplicate jobs on top, send every message once.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { deliverMailQueue } from '@/lib/jobs/queues';
import { queueMail } from '@/lib/mail/outbox';
import { sweepOutbox } from '@/lib/mail/sweep-outbox';
import type { WorkerProcess } from '../../../scripts/lib/worker-process';
import { killHard, spawnWorker } from '../../support/job-workers';
import { receivedMail, waitForMail } from '../../support/received-mail';

const unique = () => Math.random().toString(36).slice(2, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workers: WorkerProcess[] = [];

async function startWorker(): Promise<WorkerProcess> {
  const worker = await spawnWorker();
  workers.push(worker);
  return worker;
}

/**
 * An alert queued the way the portal queues one: row and delivery job in one transaction.
 * `duplicateJob` adds a second job for the same row right behind the first, bypassing the
 * queue's one-job-per-message rule, so two workers take the two at the same moment.
 */
async function queueAlert(to: string, options: { duplicateJob?: boolean } = {}): Promise<string> {
  return db().transaction(async (tx) => {
    await queueMail(tx, { to, subject: `Test alert ${to}`, text: `Hello ${to}`, kind: 'test_alert', facilityId: null });
    const [row] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.toAddress, to));
    if (options.duplicateJob) await enqueueJob(tx, deliverMailQueue, { outboxId: row!.id });
    return row!.id;
  });
}

async function outboxRow(id: string) {
  const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row!;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const mailTo = async (to: string) => (await receivedMail()).filter((m) => m.to.toLowerCase().includes(to));

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await closeDb();
});

describe('[JOBS] e-mail delivery on the job queue', () => {
  test('a message the server turns away for now is retried with growing delays, then delivered once', async () => {
    const worker = await startWorker();
    const to = `flaky-2-${unique()}@example.org`;
    const id = await queueAlert(to);
    await waitForMail(to, /Test alert/, { timeoutMs: 30_000 });
    const row = await outboxRow(id);
    assert.ok(row.sentAt, 'recorded as sent');
    assert.equal(row.attempts, 3, 'two refusals, then the delivery');
    assert.equal(row.lastError, null);
    const refusedAt = fs
      .readFileSync(path.join(process.env.TEST_MAIL_DIR!, 'refusals.log'), 'utf8')
      .split('\n')
      .filter((l) => l.endsWith(` ${to}`))
      .map((l) => Number(l.split(' ')[0]));
    const [delivered] = await mailTo(to);
    const gaps = [refusedAt[1]! - refusedAt[0]!, delivered!.receivedAt - refusedAt[1]!];
    // pg-boss's backoff with MAIL_RETRY_DELAY_SECONDS=1: 1–2 s before the first retry, 2–4 s before the second.
    assert.ok(gaps[0]! >= 1000, `first retry after ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 2000, `second retry after ${gaps[1]} ms`);
    await sleep(2000);
    assert.equal((await mailTo(to)).length, 1, 'delivered once');
    await worker.stop();
  });

  test('a worker killed (SIGKILL) in the middle of a send is replaced, and the message arrives once with its Message-ID', async () => {
    const first = await startWorker();
    const to = `slow-${unique()}@example.org`;
    const id = await queueAlert(to);
    // The sink holds its reply to a slow- message for 1.5 s: kill the worker inside that.
    await until('the worker to claim the message', () => outboxRow(id), (r) => r.sendingStartedAt !== null, 20_000);
    await sleep(500);
    await killHard(first);
    await sleep(1500);
    assert.equal((await mailTo(to)).length, 0, 'the killed send never got its 250');
    const claim = await outboxRow(id);
    assert.equal(claim.sentAt, null);
    assert.ok(claim.sendingStartedAt, 'the claim is left behind by the dead worker');

    const second = await startWorker();
    const mail = await waitForMail(to, /Test alert/, { timeoutMs: 60_000 });
    const row = await until('the send to be recorded', () => outboxRow(id), (r) => r.sentAt !== null, 10_000);
    assert.equal(row.attempts, 2, 'the killed attempt and the one that delivered');
    assert.equal(row.sendingStartedAt, null);
    assert.ok(claim.messageId, 'the killed attempt chose a Message-ID');
    assert.equal(mail.messageId, claim.messageId, 'the retry sent the Message-ID the killed attempt chose');
    assert.equal(row.messageId, claim.messageId);
    await sleep(3000);
    assert.equal((await mailTo(to)).length, 1, 'exactly one message in the mailbox');
    await second.stop();
  });

  test('two workers at once, with duplicate delivery jobs and sweeps on top, send every message exactly once', async () => {
    await Promise.all([startWorker(), startWorker()]);
    const tag = unique();
    // Slow (1.5 s at the server) so the two jobs of a message overlap; sweeps racing them.
    // Only the row's claim stands between the second job and a second send.
    const addresses = Array.from({ length: 12 }, (_, i) => `slow-pair-${tag}-${i}@example.org`);
    const ids: string[] = [];
    for (const to of addresses) ids.push(await queueAlert(to, { duplicateJob: true }));
    await Promise.all([sweepOutbox(), sweepOutbox()]);
    await until(
      'every message to be sent',
      () => db().select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(and(inArray(emailOutbox.id, ids), isNotNull(emailOutbox.sentAt))),
      (r) => r[0]!.n === ids.length,
      90_000,
    );
    await sleep(3000);
    const received = (await receivedMail()).filter((m) => m.to.includes(`slow-pair-${tag}-`));
    assert.equal(received.length, addresses.length, 'one message per address');
    assert.deepEqual(new Set(received.map((m) => m.to)).size, addresses.length);
  });
});
