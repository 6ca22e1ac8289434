// The integrity scrub (storage.scrub) run by a real worker process against real
// PostgreSQL and the real local S3 server: a byte flipped in one stored object on the
// server's disk and another object's file lost are each found, recorded for the
// facility's admins, audited by the system and e-mailed to the admins (not to other
// staff); an untouched study raises nothing; a second pass alerts nothing twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, instances, storageIntegrityFailures, storageScrubState, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { scrubStorageQueue } from '@/lib/jobs/queues';
import { listIntegrityFailures } from '@/lib/storage/list-integrity-failures';
import { putObjectBytes } from '@/lib/storage/objects';
import { readObjectChecksum, ReadThrottle } from '@/lib/storage/read-object-checksum';
import type { WorkerProcess } from '../../../scripts/lib/worker-process';
import { ingestSmallStudy } from '../../support/generated-study';
import { spawnWorker } from '../../support/job-workers';
import { receivedMail, waitForMail } from '../../support/received-mail';
import { flipByteOnDisk, loseObjectOnDisk } from '../../support/s3-disk';
import { createFacility, createStaff } from '../../support/test-data';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unique = () => Math.random().toString(36).slice(2, 10);

let worker: WorkerProcess;
let admin: StaffActor;
let adminEmail: string;
let deskEmail: string;
let frontDesk: StaffActor;
let otherAdminEmail: string;
let damagedStudy: { studyId: string; patientId: string };
let cleanStudyId: string;
let flipped: { id: string; objectKey: string; sha256: string };
let lost: { id: string; objectKey: string };

async function emailOf(actor: StaffActor): Promise<string> {
  const [u] = await db().select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  return u!.email;
}

/** Queues scrub runs until a whole pass that started at or after `since` has finished. */
async function scrubFullPass(since: Date): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const jobId = await enqueueJob(db(), scrubStorageQueue, {});
    for (;;) {
      const { rows } = await db().execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${scrubStorageQueue.name} AND state IN ('created', 'retry', 'active')`,
      );
      if (rows[0]!.n === 0 || Date.now() > deadline) break;
      await sleep(200);
    }
    if (jobId) {
      const { rows } = await db().execute<{ state: string }>(sql`SELECT state FROM pgboss.job WHERE id = ${jobId}`);
      assert.equal(rows[0]?.state, 'completed', 'the scrub job completes');
    }
    const [state] = await db().select().from(storageScrubState);
    if (state?.lastPassStartedAt && state.lastPassStartedAt >= since && state.lastPassCompletedAt && state.lastPassCompletedAt >= state.lastPassStartedAt) return;
  }
  throw new Error('no full scrub pass within 90 s');
}

before(async () => {
  const facility = await createFacility();
  admin = await createStaff(facility.id, ['facility_admin']);
  frontDesk = await createStaff(facility.id, ['front_desk']);
  adminEmail = await emailOf(admin);
  deskEmail = await emailOf(frontDesk);
  const patientId = `P-${unique()}`;
  const { studyId } = await ingestSmallStudy(frontDesk, { patient: { id: patientId, name: 'SCRUB^DAMAGED', birthDate: '19610203', sex: 'F' }, slices: 3 });
  damagedStudy = { studyId, patientId };

  const other = await createFacility();
  const otherAdmin = await createStaff(other.id, ['facility_admin']);
  otherAdminEmail = await emailOf(otherAdmin);
  cleanStudyId = (await ingestSmallStudy(await createStaff(other.id, ['front_desk']), { patient: { id: `P-${unique()}`, name: 'SCRUB^CLEAN', birthDate: '19620304', sex: 'M' } })).studyId;

  const rows = await db().select().from(instances).where(eq(instances.studyId, studyId)).orderBy(instances.instanceNumber);
  assert.equal(rows.length, 3);
  flipped = rows[0]!;
  lost = rows[1]!;
  flipByteOnDisk(flipped.objectKey);
  loseObjectOnDisk(lost.objectKey);

  // Every pass may start at once here; the default is one a week.
  process.env.STORAGE_SCRUB_PASS_INTERVAL_HOURS = '0';
  worker = await spawnWorker();
});
after(async () => {
  await worker?.stop();
  await closeDb();
});

describe('[STORAGE] the integrity scrub finds damaged objects and tells the facility’s admins', () => {
  test('a flipped byte and a lost object are each recorded, audited by the system and e-mailed to the admins; the clean study raises nothing', async () => {
    const since = new Date();
    await scrubFullPass(since);

    const failures = await db().select().from(storageIntegrityFailures).where(eq(storageIntegrityFailures.studyId, damagedStudy.studyId));
    const byInstance = new Map(failures.map((f) => [f.instanceId, f]));
    assert.equal(failures.length, 2, 'one finding per damaged object, none for the intact one');
    assert.equal(byInstance.get(flipped.id)?.problem, 'checksum_mismatch');
    assert.equal(byInstance.get(flipped.id)?.expectedSha256, flipped.sha256);
    assert.notEqual(byInstance.get(flipped.id)?.foundSha256, flipped.sha256);
    assert.equal(byInstance.get(lost.id)?.problem, 'missing');
    assert.equal(byInstance.get(lost.id)?.foundSha256, null);

    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'STORAGE_INTEGRITY_FAILED'), eq(auditEvents.facilityId, admin.facilityId)));
    assert.equal(audited.length, 2);
    for (const row of audited) {
      assert.equal(row.actorType, 'system');
      assert.equal(row.actorId, null);
      assert.equal(row.outcome, 'failure');
      assert.equal(row.subjectType, 'instance');
      assert.deepEqual(row.studyIds, [damagedStudy.studyId]);
      const details = JSON.stringify(row.details);
      for (const patientData of [damagedStudy.patientId, 'SCRUB', 'DAMAGED', '19610203']) assert.ok(!details.includes(patientData), `no ${patientData} in the audit details`);
    }
    assert.deepEqual(audited.map((r) => [r.subjectId, r.reason]).sort(), [[flipped.id, 'checksum_mismatch'], [lost.id, 'missing']].sort());

    const changed = await waitForMail(adminEmail, /storage alert: an image failed its integrity check/, { text: new RegExp(flipped.id) });
    const missing = await waitForMail(adminEmail, /storage alert: an image is missing/, { text: new RegExp(lost.id) });
    for (const mail of [changed, missing]) {
      assert.match(mail.text, /\/admin\/storage/);
      for (const patientData of [damagedStudy.patientId, 'SCRUB', 'DAMAGED']) assert.ok(!mail.text.includes(patientData) && !mail.subject.includes(patientData));
    }
    const mail = await receivedMail();
    assert.equal(mail.filter((m) => m.to.includes(deskEmail)).length, 0, 'front-desk staff are not alerted');
    assert.equal(mail.filter((m) => m.to.includes(otherAdminEmail)).length, 0, 'the other facility’s admin is not alerted');

    const clean = await db().select().from(storageIntegrityFailures).where(eq(storageIntegrityFailures.studyId, cleanStudyId));
    assert.equal(clean.length, 0, 'the untouched study raises nothing');
    const cleanAudit = await db().select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.type, 'STORAGE_INTEGRITY_FAILED'), sql`${auditEvents.studyIds} @> ARRAY[${cleanStudyId}]::uuid[]`));
    assert.equal(cleanAudit.length, 0);

    const overview = await listIntegrityFailures(admin);
    assert.deepEqual(overview.openFailures.filter((f) => f.studyId === damagedStudy.studyId).map((f) => f.instanceId).sort(), [flipped.id, lost.id].sort());
    assert.ok(overview.lastPassCompletedAt);
    await assert.rejects(listIntegrityFailures(frontDesk), /forbidden:storage_admin/, 'only admins see the list');
  });

  test('a second pass finds the same damage again but records and alerts nothing twice', async () => {
    const auditBefore = await db().select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.type, 'STORAGE_INTEGRITY_FAILED'));
    const mailBefore = (await receivedMail()).filter((m) => m.to.includes(adminEmail)).length;
    const since = new Date();
    await scrubFullPass(since);
    const auditAfter = await db().select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.type, 'STORAGE_INTEGRITY_FAILED'));
    assert.equal(auditAfter.length, auditBefore.length);
    const failures = await db().select().from(storageIntegrityFailures).where(inArray(storageIntegrityFailures.instanceId, [flipped.id, lost.id]));
    assert.equal(failures.length, 2);
    for (const f of failures) assert.ok(f.lastSeenAt >= since, 'seen again in the second pass');
    await sleep(2000); // a second alert would have been queued with the finding; give the worker time to send it
    assert.equal((await receivedMail()).filter((m) => m.to.includes(adminEmail)).length, mailBefore);
  });

  test('re-reading is paced to the configured byte rate, and a missing key reads as missing', async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const key = `instances/${randomUUID()}`;
    await putObjectBytes(key, bytes, 'application/dicom');
    const rate = 2 * 1024 * 1024;
    const started = Date.now();
    const found = await readObjectChecksum(key, new ReadThrottle(rate));
    const seconds = (Date.now() - started) / 1000;
    assert.deepEqual(found, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    console.log(`[STORAGE] 6 MiB re-read at a 2 MiB/s limit took ${seconds.toFixed(2)} s`);
    assert.ok(seconds >= 2.8, `6 MiB at 2 MiB/s takes about 3 s, not ${seconds} s`);
    assert.equal(await readObjectChecksum(`instances/${randomUUID()}`, new ReadThrottle(rate)), null);
  });
});
