// Postgres itself keeps audit_events (and its chain, audit_chain) append-only: the
// portal's role has no UPDATE, DELETE or TRUNCATE on them, and their triggers refuse
// those even for the owner.
// Nothing here changes a row (every attempt is refused; the rows it adds are ordinary
// events), so the shared database is safe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { closeDb, db } from '@/db/client';
import { recordAudit, noRequestContext } from '@/lib/audit/record-audit';
import { runtimeRoleProblems } from '@/lib/audit/database-roles';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { ownerUrl } from './support/isolated-database';
import { insertPastAuditRows } from './support/past-audit-rows';

let app: pg.Client;
let owner: pg.Client;
let someId: string;

before(async () => {
  await db().transaction((tx) => recordAudit(tx, { type: 'STAFF_SIGNED_IN', actor: { type: 'system' }, context: noRequestContext }));
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  owner = new pg.Client({ connectionString: ownerUrl() });
  await Promise.all([app.connect(), owner.connect()]);
  someId = (await app.query('SELECT max(id)::text AS id FROM audit_events')).rows[0].id;
});
after(async () => {
  await Promise.all([app.end(), owner.end()]);
  await closeDb();
});

const refusedWith = (code: string, pattern: RegExp) => (err: unknown) => {
  const e = err as { code?: string; message: string };
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  return true;
};

describe('[AUDIT] as the portal role (scanshare_app)', () => {
  test('the portal connects as scanshare_app, which is fit to serve (not superuser, not owner, no rewrite privileges)', async () => {
    assert.equal((await app.query('SELECT current_user AS u')).rows[0].u, 'scanshare_app');
    assert.deepEqual(await runtimeRoleProblems(process.env.DATABASE_URL!), []);
  });

  test('UPDATE on audit_events fails: permission denied', async () => {
    await assert.rejects(app.query(`UPDATE audit_events SET reason = 'x' WHERE id = $1`, [someId]), refusedWith('42501', /permission denied/));
  });

  test('DELETE on audit_events fails: permission denied', async () => {
    await assert.rejects(app.query('DELETE FROM audit_events WHERE id = $1', [someId]), refusedWith('42501', /permission denied/));
  });

  test('TRUNCATE on audit_events fails: permission denied', async () => {
    await assert.rejects(app.query('TRUNCATE audit_events'), refusedWith('42501', /permission denied/));
  });

  test('it cannot switch the triggers off, neither per table nor per session', async () => {
    await assert.rejects(app.query('ALTER TABLE audit_events DISABLE TRIGGER ALL'), refusedWith('42501', /must be owner/));
    await assert.rejects(app.query('SET session_replication_role = replica'), refusedWith('42501', /permission denied/));
  });

  test('it may read audit_chain but not write it: only the database chains events', async () => {
    assert.ok((await app.query('SELECT count(*) FROM audit_chain')).rows[0].count > 0);
    const denied = refusedWith('42501', /permission denied/);
    await assert.rejects(app.query(`INSERT INTO audit_chain VALUES (999999, $1, '\\x00', '\\x00')`, [someId]), denied);
    await assert.rejects(app.query(`UPDATE audit_chain SET row_hash = '\\x00' WHERE event_id = $1`, [someId]), denied);
    await assert.rejects(app.query('DELETE FROM audit_chain WHERE event_id = $1', [someId]), denied);
    await assert.rejects(app.query('TRUNCATE audit_chain'), denied);
  });

  test('an event written in a REPEATABLE READ transaction is refused at commit (the chain needs READ COMMITTED)', async () => {
    await app.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await app.query(`INSERT INTO audit_events (type, outcome, actor_type) VALUES ('STAFF_SIGNED_IN', 'success', 'system')`);
      await assert.rejects(app.query('COMMIT'), refusedWith('0A000', /READ COMMITTED/));
    } finally {
      await app.query('ROLLBACK'); // a no-op after the failed COMMIT
    }
  });

  test('the database dates every row itself: an occurred_at in the INSERT is ignored (past, future, infinity), and the chain holds', async () => {
    const firstSeq = Number((await app.query('SELECT coalesce(max(chain_seq), 0) AS s FROM audit_chain')).rows[0].s) + 1;
    for (const at of ['2001-09-09T01:46:40Z', '2999-01-01T00:00:00Z', 'infinity', '1960-01-01T00:00:00Z']) {
      const now = async () => (await app.query<{ t: Date }>('SELECT clock_timestamp() AS t')).rows[0]!.t;
      const before = await now();
      const { rows } = await app.query<{ stored: Date }>(
        `INSERT INTO audit_events (type, outcome, actor_type, occurred_at) VALUES ('STAFF_SIGNED_IN', 'success', 'system', $1) RETURNING occurred_at AS stored`,
        [at],
      );
      const after = await now();
      const { stored } = rows[0]!;
      assert.ok(stored >= before && stored <= after, `${at}: stored ${stored.toISOString()}, written between ${before.toISOString()} and ${after.toISOString()}`);
    }
    const range = await verifyAuditChain(process.env.DATABASE_URL!, { fromSeq: firstSeq });
    assert.ok(range.ok, range.ok ? '' : range.problem.message);
  });

  test('it cannot switch the database time off', async () => {
    await assert.rejects(app.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_database_time'), refusedWith('42501', /must be owner/));
  });
});

describe('[AUDIT] as the owner (a superuser)', () => {
  test('with the database time switched off (owner only, inside one transaction), a time the chain cannot write is still refused', async () => {
    for (const at of ['infinity', '1960-01-01T00:00:00Z']) {
      await assert.rejects(
        insertPastAuditRows((client) => client.query(`INSERT INTO audit_events (type, outcome, actor_type, occurred_at) VALUES ('STAFF_SIGNED_IN', 'success', 'system', $1)`, [at]).then(() => undefined)),
        refusedWith('23514', /audit_events_occurred_at_range/),
      );
    }
  });

  test('the owner URL is refused as the portal role', async () => {
    const problems = await runtimeRoleProblems(ownerUrl());
    assert.ok(problems.some((p) => /superuser/.test(p)), problems.join('; '));
  });

  test('the append-only triggers refuse UPDATE, DELETE and TRUNCATE even for the owner', async () => {
    const appendOnly = refusedWith('42501', /audit_events is append-only/);
    await assert.rejects(owner.query(`UPDATE audit_events SET reason = 'x' WHERE id = $1`, [someId]), appendOnly);
    await assert.rejects(owner.query('DELETE FROM audit_events WHERE id = $1', [someId]), appendOnly);
    // (A plain TRUNCATE audit_events is refused even earlier: audit_chain references it.)
    await assert.rejects(owner.query('TRUNCATE audit_events CASCADE'), refusedWith('42501', /(audit_events|audit_chain) is append-only/));
    const chainAppendOnly = refusedWith('42501', /audit_chain is append-only/);
    await assert.rejects(owner.query(`UPDATE audit_chain SET row_hash = '\\x00' WHERE event_id = $1`, [someId]), chainAppendOnly);
    await assert.rejects(owner.query('DELETE FROM audit_chain WHERE event_id = $1', [someId]), chainAppendOnly);
    await assert.rejects(owner.query('TRUNCATE audit_chain, audit_events'), chainAppendOnly);
  });
});
