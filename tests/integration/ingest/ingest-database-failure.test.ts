// Postgres failing mid-upload: the connection indexing a file is killed while it
// waits. The upload must fail with a clear error and leave neither rows nor an
// object behind.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { instances } from '@/db/schema';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestBytes, smallStudyFiles } from '../../support/generated-study';
import { listKeys } from '../../support/s3-objects';
import { AppError } from '@/lib/errors';

after(closeDb);

test('[INGEST] a database connection lost while indexing stores nothing: no rows, no object', async () => {
  const staff = await createStaff((await createFacility()).id, ['front_desk']);
  const [file] = await smallStudyFiles();
  const keysBefore = await listKeys();

  const blocker = new Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table instances in access exclusive mode');
    const ingest = ingestBytes(staff, 'x.dcm', file!.bytes);
    // Wait until the ingest's transaction is stuck on our lock, then kill its connection.
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      const { rows } = await blocker.query(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
      );
      killed = rows.length;
      if (killed === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(killed, 1, 'the indexing connection was found waiting and terminated');
    await blocker.query('rollback');
    await assert.rejects(ingest, (err) => err instanceof AppError && err.code === 'unavailable:database' && /Nothing was saved/.test(err.publicMessage));
  } finally {
    await blocker.end();
  }

  assert.deepEqual(await listKeys(), keysBefore, 'the stored object was removed again');
  const rows = await db().select().from(instances).where(eq(instances.facilityId, staff.facilityId));
  assert.equal(rows.length, 0, 'nothing was half-indexed');
});
