// Postgres failing mid-way: the connection doing the work is killed while it waits
// on a lock. Receiving a file must leave no object without its row; accepting a
// group must leave no instance (row or object) and the files still pending.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { eq, inArray } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { instances, quarantineFiles } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { acceptQuarantinedStudy } from '@/lib/quarantine/accept-quarantined-study';
import { ingestSmallStudy, smallStudyFiles } from '../../support/generated-study';
import { listKeys } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';
import { openUploadLinkAsUploader, patientRefOfStudy, sendBytes } from '../../support/upload-link';

after(closeDb);

/** Runs `work` while `table` is locked, kills the one backend that waits on the lock, and hands back work's promise (wrapped: an async function would adopt it). */
// `exclusive` lets reads through (the room left on a link is read before a file is streamed) and holds the insert.
async function killWhileWaiting<T>(table: 'quarantine_files' | 'instances', work: () => Promise<T>, mode: 'access exclusive' | 'exclusive' = 'access exclusive'): Promise<{ running: Promise<T> }> {
  const blocker = new Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query(`lock table ${table} in ${mode} mode`);
    const running = work();
    running.catch(() => undefined); // observed by the caller
    let killed = 0;
    for (let i = 0; i < 200 && killed === 0; i++) {
      const { rows } = await blocker.query(`select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()`);
      killed = rows.length;
      if (killed === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(killed, 1, 'the working connection was found waiting and terminated');
    await blocker.query('rollback');
    return { running };
  } finally {
    await blocker.end();
  }
}

test('[QUARANTINE] a database connection lost while filing a received file keeps nothing: no row, no object', async () => {
  const staff = await createStaff((await createFacility()).id, ['front_desk']);
  const patientRef = await patientRefOfStudy((await ingestSmallStudy(staff)).studyId);
  const { link, actor } = await openUploadLinkAsUploader(staff, patientRef);
  const [file] = await smallStudyFiles();
  const keysBefore = await listKeys('quarantine/');
  const sending = await killWhileWaiting('quarantine_files', () => sendBytes(actor, file!.bytes), 'exclusive');
  await assert.rejects(sending.running, (err) => err instanceof AppError && err.code === 'unavailable:database' && /Nothing was saved/.test(err.publicMessage));
  assert.deepEqual(await listKeys('quarantine/'), keysBefore, 'the stored object was removed again');
  assert.equal((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, link.uploadLinkId))).length, 0);
});

test('[QUARANTINE] a database connection lost while accepting leaves no instance and the files pending; accepting again then works', async () => {
  const staff = await createStaff((await createFacility()).id, ['front_desk']);
  const patientRef = await patientRefOfStudy((await ingestSmallStudy(staff)).studyId);
  const { link, actor } = await openUploadLinkAsUploader(staff, patientRef);
  for (const f of await smallStudyFiles({ patient: { id: 'ELSEWHERE-1', name: 'TEST^PATIENT', birthDate: '19750102', sex: 'F' } })) {
    assert.equal((await sendBytes(actor, f.bytes)).status, 'received');
  }
  const rows = await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, link.uploadLinkId));
  const group = { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid, confirmMismatch: true };
  const accepting = await killWhileWaiting('instances', () => acceptQuarantinedStudy(staff, group, { clientIp: null, userAgent: null }));
  await assert.rejects(accepting.running, (err) => err instanceof AppError && err.code === 'unavailable:quarantine_accept');
  const keys = await listKeys('');
  assert.ok(rows.every((r) => keys.has(r.objectKey) && !keys.has(`instances/${r.id}`) && !keys.has(`received/${r.id}`)), 'instance and received copies removed, quarantine untouched');
  assert.equal((await db().select().from(instances).where(inArray(instances.id, rows.map((r) => r.id)))).length, 0);
  assert.ok((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, link.uploadLinkId))).every((r) => r.status === 'pending'));

  const accepted = await acceptQuarantinedStudy(staff, group, { clientIp: null, userAgent: null });
  assert.deepEqual([accepted.stored, accepted.reconciled], [3, 3]);
});
