// The orphan collector (storage.collect-orphans) against real PostgreSQL and the real
// local S3 server: an object no row names and older than the grace period is deleted
// (its age set on the server's disk, so the server itself reports the old
// LastModified); a referenced object, however old, and an unreferenced one inside the
// grace period are kept, as is anything outside ScanShare's own prefixes. The deletion
// is audited as a count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, instances } from '@/db/schema';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { collectOrphansQueue } from '@/lib/jobs/queues';
import { collectOrphanObjects } from '@/lib/storage/collect-orphan-objects';
import { putObjectBytes } from '@/lib/storage/objects';
import type { WorkerProcess } from '../../../scripts/lib/worker-process';
import { ingestSmallStudy } from '../../support/generated-study';
import { spawnWorker } from '../../support/job-workers';
import { ageObjectOnDisk } from '../../support/s3-disk';
import { listKeys } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = 86_400_000;
const bytes = new TextEncoder().encode('not a row in sight');

let worker: WorkerProcess;

async function put(key: string): Promise<string> {
  await putObjectBytes(key, bytes, 'application/octet-stream');
  return key;
}

async function allKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const prefix of ['instances/', 'quarantine/', 'received/', 'consent-evidence/', 'notes/']) for (const k of await listKeys(prefix)) keys.add(k);
  return keys;
}

async function lastAuditId(): Promise<number> {
  const { rows } = await db().execute<{ id: number | null }>(sql`SELECT max(id)::int AS id FROM audit_events`);
  return rows[0]?.id ?? 0;
}

before(async () => {
  worker = await spawnWorker();
});
after(async () => {
  await worker?.stop();
  await closeDb();
});

describe('[STORAGE] the orphan collector deletes only what no row names, past the grace period', () => {
  test('run by the worker: the old unreferenced objects under each prefix go; referenced, young and foreign ones stay; a count is audited', async () => {
    const staff = await createStaff((await createFacility()).id, ['front_desk']);
    const { studyId } = await ingestSmallStudy(staff);
    const [referenced] = await db().select({ key: instances.objectKey }).from(instances).where(eq(instances.studyId, studyId)).limit(1);
    ageObjectOnDisk(referenced!.key, 3 * day);

    const young = await put(`instances/${randomUUID()}`);
    const oldOrphans = [
      await put(`instances/${randomUUID()}`),
      await put(`quarantine/${randomUUID()}`),
      await put(`received/${randomUUID()}`),
      await put(`consent-evidence/${randomUUID()}`),
    ];
    const foreign = [await put('notes/operator-readme.txt'), await put('instances/not-a-uuid')];
    for (const key of [...oldOrphans, ...foreign]) ageObjectOnDisk(key, 2 * day);

    const auditFrom = await lastAuditId();
    const jobId = await enqueueJob(db(), collectOrphansQueue, {});
    assert.ok(jobId, 'a collector job was queued');
    let job: { state: string; output: { deleted?: number; deletedByPrefix?: Record<string, number> } | null } | undefined;
    const deadline = Date.now() + 60_000;
    while (job?.state !== 'completed' && Date.now() < deadline) {
      await sleep(200);
      job = (await db().execute<NonNullable<typeof job>>(sql`SELECT state, output FROM pgboss.job WHERE id = ${jobId}`)).rows[0];
    }
    assert.equal(job?.state, 'completed');

    const left = await allKeys();
    for (const key of oldOrphans) assert.ok(!left.has(key), `${key.split('/')[0]}: an old object no row names is deleted`);
    assert.ok(left.has(referenced!.key), 'a referenced object is kept, however old');
    assert.ok(left.has(young), 'an unreferenced object inside the grace period is kept');
    for (const key of foreign) assert.ok(left.has(key), `${key}: not ScanShare's to collect`);
    assert.equal(job!.output?.deleted, 4);
    assert.deepEqual(job!.output?.deletedByPrefix, { 'instances/': 1, 'quarantine/': 1, 'received/': 1, 'consent-evidence/': 1 });

    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'ORPHAN_OBJECTS_DELETED'), gt(auditEvents.id, auditFrom)));
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.actorType, 'system');
    assert.equal(audited[0]!.action, 'D');
    assert.equal((audited[0]!.details as { deleted: number }).deleted, 4);
    assert.ok(!JSON.stringify(audited[0]!.details).includes(oldOrphans[0]!.split('/')[1]!), 'counts, no keys');
  });

  test('pages through the listing one object at a time, with the clock moved past the grace period, and still keeps every referenced object', async () => {
    const staff = await createStaff((await createFacility()).id, ['front_desk']);
    const { studyId } = await ingestSmallStudy(staff);
    const referenced = (await db().select({ key: instances.objectKey }).from(instances).where(eq(instances.studyId, studyId))).map((r) => r.key);
    const orphans = [await put(`instances/${randomUUID()}`), await put(`instances/${randomUUID()}`), await put(`received/${randomUUID()}`)];

    const kept = await collectOrphanObjects({ pageSize: 1 });
    const left = await allKeys();
    for (const key of orphans) assert.ok(left.has(key), 'with the real clock, minutes-old objects are inside the default 24 h grace');
    assert.equal(kept.deleted, 0);

    const later = await collectOrphanObjects({ pageSize: 1, now: new Date(Date.now() + 2 * day) });
    const after = await allKeys();
    for (const key of orphans) assert.ok(!after.has(key), 'two days on, the unreferenced objects are gone');
    for (const key of referenced) assert.ok(after.has(key), 'every object a row names is kept');
    assert.ok(later.listed >= referenced.length + orphans.length, 'every page was read');
    assert.ok(later.deleted >= orphans.length);
  });
});
