// A database that already held audit rows before the chain existed gets them chained
// by the migration (in id order); and the head export writes what `--head` checks.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { recordAudit, noRequestContext } from '@/lib/audit/record-audit';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { readObject } from '../../support/s3-objects';
import { createIsolatedDatabase, type IsolatedDatabase } from './support/isolated-database';

/** Applies migrations 0000–0002 only (before the hash chain), from a copy of the folder. */
async function migrateToBeforeTheChain(ownerUrl: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  try {
    const source = path.join(process.cwd(), 'migrations');
    fs.mkdirSync(path.join(dir, 'meta'));
    const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === '0003_audit_hash_chain'));
    fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const entry of journal.entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
    const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    try {
      await migrate(drizzle(pool), { migrationsFolder: dir });
      await pool.query(`INSERT INTO audit_events (type, outcome, actor_type, details, occurred_at)
                        SELECT 'STUDY_VIEWED', 'success', 'system', jsonb_build_object('old', n), now() - n * interval '1 minute'
                        FROM generate_series(1, 25) AS n`);
    } finally {
      await pool.end();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const isolated: IsolatedDatabase[] = [];
after(() => Promise.all(isolated.map((d) => d.drop())));

describe('[AUDIT] rows from before the chain', () => {
  test('are chained by the migration in id order, and new rows continue the chain', async () => {
    const database = await createIsolatedDatabase(migrateToBeforeTheChain);
    isolated.push(database);
    const { rows } = await database.owner.query<{ id: string; seq: string }>(
      'SELECT e.id::text, c.chain_seq::text AS seq FROM audit_events e LEFT JOIN audit_chain c ON c.event_id = e.id ORDER BY e.id');
    assert.equal(rows.length, 25);
    assert.deepEqual(rows.map((r) => r.seq), rows.map((r) => r.id), 'chain_seq follows id for the existing rows');
    await database.app.transaction((tx) => recordAudit(tx, { type: 'STAFF_SIGNED_IN', actor: { type: 'system' }, context: noRequestContext }));
    const result = await verifyAuditChain(database.appUrl);
    assert.ok(result.ok, result.ok ? '' : result.problem.message);
    assert.equal(result.events, 26);
  });
});

describe('[AUDIT] npm run audit:export-head', () => {
  const run = promisify(execFile);
  const exportHead = (...args: string[]) => run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/audit-export-head.ts', ...args]);

  test('prints the head as JSON, writes it once to a file and to S3, and --since verifies the new rows first', async () => {
    const database = await createIsolatedDatabase();
    isolated.push(database);
    for (let i = 0; i < 3; i++) await database.app.transaction((tx) => recordAudit(tx, { type: 'STAFF_SIGNED_IN', actor: { type: 'system' }, context: noRequestContext }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-head-'));
    try {
      const file = path.join(dir, 'head-1.json');
      const key = `audit-heads/test-${Date.now()}.json`;
      const { stdout } = await exportHead('--database-url', database.appUrl, '--out', file, '--s3', key);
      const printed = JSON.parse(stdout) as { seq: number; hash: string; occurredAt: string; format: string };
      assert.deepEqual({ seq: printed.seq, hash: printed.hash, occurredAt: printed.occurredAt }, await readAuditChainHead(database.appUrl));
      assert.equal(printed.format, 'scanshare-audit-head-v1');
      assert.equal(fs.readFileSync(file, 'utf8'), stdout);
      assert.equal((await readObject(key)).toString('utf8'), stdout);
      await assert.rejects(exportHead('--database-url', database.appUrl, '--out', file), /EEXIST/, 'never overwrites an earlier export');

      await database.app.transaction((tx) => recordAudit(tx, { type: 'STAFF_SIGNED_IN', actor: { type: 'system' }, context: noRequestContext }));
      const next = JSON.parse((await exportHead('--database-url', database.appUrl, '--since', file)).stdout) as { seq: number };
      assert.equal(next.seq, printed.seq + 1);

      await database.owner.query(`SET session_replication_role = replica; UPDATE audit_events SET reason = 'x' WHERE id = (SELECT event_id FROM audit_chain WHERE chain_seq = 4); SET session_replication_role = DEFAULT`);
      await assert.rejects(exportHead('--database-url', database.appUrl, '--since', file), (err: { code: number; stderr: string }) =>
        err.code === 1 && /not exporting: the chain is broken at seq 4/.test(err.stderr));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
