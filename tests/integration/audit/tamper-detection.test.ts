// Someone with superuser access switches the triggers off and edits, deletes or
// swaps audit rows: `audit:verify` names the first bad row each time. Each test
// tampers in a database of its own, so the shared chain stays intact.
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { recordAudit } from '@/lib/audit/record-audit';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { verifyAuditChain, type AuditChainVerification } from '@/lib/audit/verify-audit-chain';
import { createIsolatedDatabase, type IsolatedDatabase } from './support/isolated-database';

let isolated: IsolatedDatabase;
/** id of the row at each chain_seq, as written. */
let idAt: Map<number, string>;

beforeEach(async () => {
  isolated = await createIsolatedDatabase();
  for (let i = 1; i <= 10; i++) {
    await isolated.app.transaction((tx) =>
      recordAudit(tx, { type: 'STUDY_VIEWED', actor: { type: 'system' }, context: { clientIp: '10.0.0.1', userAgent: `agent ${i}` }, details: { i } }),
    );
  }
  const { rows } = await isolated.owner.query<{ seq: number; id: string }>('SELECT chain_seq::int AS seq, event_id::text AS id FROM audit_chain');
  idAt = new Map(rows.map((r) => [r.seq, r.id]));
});
afterEach(() => isolated.drop());

/** The event at a chain position, in SQL. */
const eventAt = (seq: number) => `(SELECT event_id FROM audit_chain WHERE chain_seq = ${seq})`;

/** As the superuser, with the append-only triggers (and foreign keys) switched off for this session. */
async function tamper(sql: string): Promise<void> {
  await isolated.owner.query('SET session_replication_role = replica');
  try {
    await isolated.owner.query(sql);
  } finally {
    await isolated.owner.query('SET session_replication_role = DEFAULT');
  }
}

function assertBroken(result: AuditChainVerification, kind: string, seq: number, id: string | null) {
  assert.equal(result.ok, false, 'the chain should not verify');
  if (result.ok) return;
  assert.deepEqual({ kind: result.problem.kind, seq: result.problem.seq, id: result.problem.id }, { kind, seq, id }, result.problem.message);
  if (kind !== 'head_missing') assert.equal(result.events, seq - result.fromSeq, 'every row before it verified');
}

describe('[AUDIT] tampering is detected at the right row', () => {
  test('an untouched chain verifies', async () => {
    const result = await verifyAuditChain(isolated.appUrl);
    assert.ok(result.ok);
    assert.equal(result.events, 10);
    assert.equal(result.head?.seq, 10);
  });

  test('editing a row is reported as content_changed at that row', async () => {
    await tamper(`UPDATE audit_events SET client_ip = '192.0.2.66' WHERE id = ${eventAt(4)}`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'content_changed', 4, idAt.get(4)!);
  });

  test('editing only the jsonb details (same keys, new value) is detected', async () => {
    await tamper(`UPDATE audit_events SET details = '{"i": 70}' WHERE id = ${eventAt(7)}`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'content_changed', 7, idAt.get(7)!);
  });

  test('editing a row and recomputing its hash breaks the link of the next row', async () => {
    await tamper(`UPDATE audit_events SET reason = 'forged' WHERE id = ${eventAt(4)}`);
    await tamper(`UPDATE audit_chain c SET row_hash = sha256(c.prev_hash || audit_event_canonical_v2(e, c.chain_seq))
                  FROM audit_events e WHERE e.id = c.event_id AND c.chain_seq = 4`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'prev_link_broken', 5, idAt.get(5)!);
  });

  test('deleting an event is reported as row_missing at its seq, naming it', async () => {
    await tamper(`DELETE FROM audit_events WHERE id = ${eventAt(6)}`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'row_missing', 6, idAt.get(6)!);
  });

  test('deleting an event with its chain entry is reported as row_missing at its seq', async () => {
    await tamper(`DELETE FROM audit_events WHERE id = ${eventAt(6)}; DELETE FROM audit_chain WHERE chain_seq = 6`);
    const result = await verifyAuditChain(isolated.appUrl);
    assertBroken(result, 'row_missing', 6, null);
    assert.match(!result.ok ? result.problem.message : '', new RegExp(`id ${idAt.get(5)}.*id ${idAt.get(7)}`));
  });

  test('deleting the first row is reported at seq 1', async () => {
    await tamper(`DELETE FROM audit_events WHERE id = ${eventAt(1)}; DELETE FROM audit_chain WHERE chain_seq = 1`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'row_missing', 1, null);
  });

  test('swapping two rows is reported as rows_reordered at the first of them', async () => {
    await tamper(`UPDATE audit_chain SET chain_seq = -3 WHERE chain_seq = 3;
                  UPDATE audit_chain SET chain_seq = 3 WHERE chain_seq = 4;
                  UPDATE audit_chain SET chain_seq = 4 WHERE chain_seq = -3`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'rows_reordered', 3, idAt.get(4)!);
  });

  test('swapping the contents of two rows (ids and seqs kept) is reported at the first of them', async () => {
    await tamper(`WITH a AS (SELECT * FROM audit_events WHERE id = ${eventAt(2)}), b AS (SELECT * FROM audit_events WHERE id = ${eventAt(8)})
                  UPDATE audit_events e SET details = CASE WHEN e.id = a.id THEN b.details ELSE a.details END,
                                            user_agent = CASE WHEN e.id = a.id THEN b.user_agent ELSE a.user_agent END
                  FROM a, b WHERE e.id IN (a.id, b.id)`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'content_changed', 2, idAt.get(2)!);
  });

  test('cutting rows off the end is caught only against an exported head', async () => {
    const head = await readAuditChainHead(isolated.appUrl);
    assert.equal(head?.seq, 10);
    await tamper('DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_chain WHERE chain_seq >= 9); DELETE FROM audit_chain WHERE chain_seq >= 9');
    assert.ok((await verifyAuditChain(isolated.appUrl)).ok, 'without a head, a shorter chain is still a valid chain');
    assertBroken(await verifyAuditChain(isolated.appUrl, { expectHeads: [head!] }), 'head_missing', 10, null);
  });

  test('a chain recomputed from a forged row on is caught against an exported head', async () => {
    const head = await readAuditChainHead(isolated.appUrl);
    await tamper(`UPDATE audit_events SET reason = 'forged' WHERE id = ${eventAt(5)}`);
    // Re-chain every entry from 5 on, as an insider who knows the algorithm would.
    await tamper(`DO $$ DECLARE c audit_chain; e audit_events; prev bytea; hash bytea; BEGIN
                    SELECT row_hash INTO prev FROM audit_chain WHERE chain_seq = 4;
                    FOR c IN SELECT * FROM audit_chain WHERE chain_seq >= 5 ORDER BY chain_seq LOOP
                      SELECT * INTO e FROM audit_events WHERE id = c.event_id;
                      hash := sha256(prev || audit_event_canonical_v2(e, c.chain_seq));
                      UPDATE audit_chain SET prev_hash = prev, row_hash = hash WHERE chain_seq = c.chain_seq;
                      prev := hash;
                    END LOOP; END $$`);
    assert.ok((await verifyAuditChain(isolated.appUrl)).ok, 'a fully recomputed chain is self-consistent');
    assertBroken(await verifyAuditChain(isolated.appUrl, { expectHeads: [head!] }), 'head_mismatch', 10, idAt.get(10)!);
  });

  test('an event slipped in with the triggers off (so never chained) is reported as row_unchained', async () => {
    await tamper(`INSERT INTO audit_events (type, outcome, actor_type, reason) VALUES ('STUDY_VIEWED', 'success', 'system', 'forged')`);
    const { rows } = await isolated.owner.query(`SELECT max(id)::text AS id FROM audit_events`);
    assertBroken(await verifyAuditChain(isolated.appUrl), 'row_unchained', 11, rows[0].id);
  });

  test('verifying a range from an exported point checks only the rows after it', async () => {
    const { rows } = await isolated.owner.query(`SELECT encode(row_hash, 'hex') AS hash FROM audit_chain WHERE chain_seq = 6`);
    await tamper(`UPDATE audit_events SET reason = 'edited' WHERE id = ${eventAt(3)}`);
    const fromSeven = await verifyAuditChain(isolated.appUrl, { fromSeq: 7, prevHash: rows[0].hash });
    assert.ok(fromSeven.ok);
    assert.equal(fromSeven.events, 4);
    await tamper(`UPDATE audit_events SET reason = 'edited' WHERE id = ${eventAt(9)}`);
    assertBroken(await verifyAuditChain(isolated.appUrl, { fromSeq: 7, prevHash: rows[0].hash }), 'content_changed', 9, idAt.get(9)!);
  });
});

describe('[AUDIT] npm run audit:verify', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/audit-verify.ts', '--database-url', isolated.appUrl, ...args]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, out: err.stdout }),
    );

  test('prints "audit chain OK: N events, head <hash>" and exits 0 on an intact chain', async () => {
    const head = await readAuditChainHead(isolated.appUrl);
    const { code, out } = await run();
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`^audit chain OK: 10 events, head ${head!.hash} \\(seq 10\\)`));
  });

  test('names the first bad row and exits 1; --head catches a cut-off end', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-head-'));
    try {
      const headFile = path.join(dir, 'head.json');
      fs.writeFileSync(headFile, JSON.stringify(await readAuditChainHead(isolated.appUrl)));
      await tamper(`DELETE FROM audit_events WHERE id = ${eventAt(10)}; DELETE FROM audit_chain WHERE chain_seq = 10`);
      assert.equal((await run()).code, 0, 'the shorter chain alone verifies');
      const cut = await run('--head', headFile);
      assert.equal(cut.code, 1, cut.out);
      assert.match(cut.out, /BROKEN at seq 10: head_missing/);

      await tamper(`DELETE FROM audit_events WHERE id = ${eventAt(5)}`);
      const { code, out } = await run();
      assert.equal(code, 1, out);
      assert.match(out, new RegExp(`^audit chain BROKEN at seq 5 \\(id ${idAt.get(5)}\\): row_missing\n`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
