// The periodic jobs on the queue, run by a real worker as the portal's runtime role:
// maintenance.prune-expired forgets what can no longer be used and keeps what can;
// the schedules are registered; the runtime role uses the queue's rows but cannot
// change its schema (the owner installed it at migrate time).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { linkOneTimeCodes, linkSessions, staffSessions } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { pruneExpiredQueue } from '@/lib/jobs/queues';
import { startWorker, type RunningWorker } from '@/lib/jobs/run-worker';
import { createShareLink } from '@/lib/shares/create-share-link';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';

const ctx = { clientIp: '192.0.2.45', userAgent: 'node-test' };
const ago = (ms: number) => new Date(Date.now() - ms);
const hour = 3_600_000;
const unique = () => Math.random().toString(36).slice(2, 10);

let staff: StaffActor;
let shareLinkId: string;
let worker: RunningWorker;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `P-${unique()}`, name: 'PRUNE^PAT', birthDate: '19600101', sex: 'M' } });
  ({ shareLinkId } = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, ctx));
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, log: () => {} });
});
after(async () => {
  await worker.stop();
  await closeDb();
});

describe('[JOBS] periodic maintenance on the queue', () => {
  test('prune-expired deletes dead sessions and spent codes, and keeps every one still usable or still counted', async () => {
    const sessions = await db()
      .insert(linkSessions)
      .values([
        { shareLinkId, secretSha256: `expired-${unique()}`, expiresAt: ago(60_000) },
        { shareLinkId, secretSha256: `live-${unique()}`, expiresAt: ago(-hour) },
      ])
      .returning({ id: linkSessions.id });
    const codes = await db()
      .insert(linkOneTimeCodes)
      .values([
        { shareLinkId, codeHash: 'x', createdAt: ago(48 * hour), expiresAt: ago(48 * hour - 600_000), usedAt: ago(48 * hour - 60_000) },
        { shareLinkId, codeHash: 'x', createdAt: ago(60_000), expiresAt: ago(-540_000), usedAt: ago(30_000) }, // counted by the send rate limit
        { shareLinkId, codeHash: 'x', createdAt: ago(60_000), expiresAt: ago(-540_000) },
      ])
      .returning({ id: linkOneTimeCodes.id });
    const staffRows = await db()
      .insert(staffSessions)
      .values([
        { userId: staff.userId, createdAt: ago(50 * hour), lastSeenAt: ago(49 * hour), endedAt: ago(49 * hour), endedReason: 'signed_out' },
        { userId: staff.userId, createdAt: ago(72 * hour), lastSeenAt: ago(71 * hour) }, // never ended, far past the absolute limit
        { userId: staff.userId, createdAt: ago(hour), lastSeenAt: ago(60_000) },
      ])
      .returning({ id: staffSessions.id });

    const jobId = await enqueueJob(db(), pruneExpiredQueue, {});
    const deadline = Date.now() + 30_000;
    let state = '';
    while (state !== 'completed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await db().execute<{ state: string }>(sql`SELECT state FROM pgboss.job WHERE id = ${jobId}`)).rows[0]?.state ?? '';
    }
    assert.equal(state, 'completed');

    const left = async <T extends { id: string }>(rows: T[], read: (ids: string[]) => Promise<{ id: string }[]>) =>
      new Set((await read(rows.map((r) => r.id))).map((r) => r.id));
    const sessionsLeft = await left(sessions, (ids) => db().select({ id: linkSessions.id }).from(linkSessions).where(inArray(linkSessions.id, ids)));
    assert.deepEqual([...sessionsLeft], [sessions[1]!.id], 'only the live link session is kept');
    const codesLeft = await left(codes, (ids) => db().select({ id: linkOneTimeCodes.id }).from(linkOneTimeCodes).where(inArray(linkOneTimeCodes.id, ids)));
    assert.deepEqual([...codesLeft].sort(), [codes[1]!.id, codes[2]!.id].sort(), 'the old spent code goes; recent ones stay');
    const staffLeft = await left(staffRows, (ids) => db().select({ id: staffSessions.id }).from(staffSessions).where(inArray(staffSessions.id, ids)));
    assert.deepEqual([...staffLeft], [staffRows[2]!.id], 'only the live staff session is kept');
    const [linkStillThere] = await db().select({ id: linkSessions.id }).from(linkSessions).where(eq(linkSessions.id, sessions[1]!.id));
    assert.ok(linkStillThere);
  });

  test('the periodic jobs are scheduled once each, in UTC', async () => {
    const { rows } = await db().execute<{ name: string; cron: string; timezone: string }>(sql`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`);
    assert.deepEqual(
      rows.map((r) => [r.name, r.cron, r.timezone]),
      [
        ['mail.sweep-outbox', '* * * * *', 'UTC'],
        ['maintenance.prune-expired', '17 * * * *', 'UTC'],
        ['storage.collect-orphans', '43 * * * *', 'UTC'],
        ['storage.scrub', '*/15 * * * *', 'UTC'],
      ],
    );
  });

  test('the portal role works the queue’s rows but owns nothing in its schema and cannot create there', async () => {
    const { rows } = await db().execute<{ me: string; create: boolean; owned: number; insert: boolean }>(sql`
      SELECT current_user AS me,
             has_schema_privilege('pgboss', 'CREATE') AS create,
             (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = 'pgboss'::regnamespace AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
             has_table_privilege('pgboss.job', 'INSERT') AS insert`);
    assert.equal(rows[0]!.create, false);
    assert.equal(rows[0]!.owned, 0);
    assert.equal(rows[0]!.insert, true);
    assert.notEqual(rows[0]!.me, 'postgres');
  });
});
