// Upgrading a database that already holds a chained trail (format 1) and share links:
// migration 0006 keeps the old entries verifiable as written, chains new ones in
// format 2 after them, gives every link its patient, and revokes links to a named
// recipient issued before consents existed (they cannot be covered after the fact).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { noRequestContext, recordAudit } from '@/lib/audit/record-audit';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { createIsolatedDatabase, type IsolatedDatabase } from './support/isolated-database';

/** Applies the migrations before `tag`, from a copy of the folder, then `seed` as the owner. */
async function migrateUpTo(ownerUrl: string, tag: string, seed: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  try {
    const source = path.join(process.cwd(), 'migrations');
    fs.mkdirSync(path.join(dir, 'meta'));
    const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag));
    fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const entry of journal.entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
    const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    try {
      await migrate(drizzle(pool), { migrationsFolder: dir });
      await seed(pool);
    } finally {
      await pool.end();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function seedBeforeConsents(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO audit_events (type, outcome, actor_type, details)
                    SELECT 'STUDY_VIEWED', 'success', 'system', jsonb_build_object('before', n) FROM generate_series(1, 10) AS n`);
  await pool.query(`
    WITH f AS (INSERT INTO facilities (slug, name) VALUES ('upgrade', 'Upgrade Clinic') RETURNING id),
         u AS (INSERT INTO users (facility_id, email, display_name) SELECT id, 'desk@upgrade.test', 'Desk' FROM f RETURNING id, facility_id),
         p AS (INSERT INTO patients (facility_id, patient_id) SELECT id, 'UP-1' FROM f RETURNING id, facility_id),
         s AS (INSERT INTO studies (facility_id, patient_ref, study_instance_uid) SELECT facility_id, id, '1.2.3.4' FROM p RETURNING id, facility_id),
         l AS (INSERT INTO share_links (facility_id, token_sha256, created_by, expires_at, access_check_kind, access_check_hash, recipient_email)
               SELECT u.facility_id, t.token, u.id, now() + interval '7 days', 'code', 'x', t.email
               FROM u, (VALUES ('aa', NULL), ('bb', 'dr@elsewhere.test')) AS t(token, email) RETURNING id)
    INSERT INTO share_link_studies (share_link_id, study_id) SELECT l.id, s.id FROM l, s`);
}

const isolated: IsolatedDatabase[] = [];
after(() => Promise.all(isolated.map((d) => d.drop())));

describe('[AUDIT] upgrading to consents and chain format 2', () => {
  test('old entries verify as format 1, new ones chain after them as format 2; links get their patient; named links are revoked', async () => {
    const database = await createIsolatedDatabase((ownerUrl) => migrateUpTo(ownerUrl, '0006_consents_and_audit_v2', seedBeforeConsents));
    isolated.push(database);
    for (let i = 0; i < 3; i++) {
      await database.app.transaction((tx) => recordAudit(tx, { type: 'STAFF_SIGNED_IN', actor: { type: 'system' }, context: noRequestContext, role: 'x', purposeOfUse: 'HOPERAT' }));
    }
    const { rows: formats } = await database.owner.query<{ format: number; n: string }>(`SELECT format, count(*) AS n FROM audit_chain GROUP BY format ORDER BY format`);
    assert.deepEqual(formats.map((f) => [f.format, Number(f.n)]), [[1, 10], [2, 3]]);
    const verified = await verifyAuditChain(database.appUrl);
    assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
    assert.equal(verified.events, 13);

    const { rows: links } = await database.owner.query<{ recipient_kind: string; revoked: boolean; has_patient: boolean }>(
      `SELECT recipient_kind, revoked_at IS NOT NULL AS revoked, patient_ref IS NOT NULL AS has_patient FROM share_links ORDER BY token_sha256`);
    assert.deepEqual(links, [
      { recipient_kind: 'patient', revoked: false, has_patient: true },
      { recipient_kind: 'named', revoked: true, has_patient: true },
    ]);

    // A format-1 entry edited after the upgrade is still caught, under its own format.
    await database.owner.query(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
    await database.owner.query(`UPDATE audit_events SET details = '{"before": 99}' WHERE id = 5`);
    const tampered = await verifyAuditChain(database.appUrl);
    assert.ok(!tampered.ok);
    assert.deepEqual([tampered.problem.kind, tampered.problem.seq], ['content_changed', 5]);
  });
});
