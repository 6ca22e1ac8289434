// The trigger (SQL) writes the chain, the verifier (TypeScript) recomputes it: both
// must serialize a row identically. Checked on real rows with awkward values, byte for
// byte, and against the table's columns so a new column cannot slip past the hash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { closeDb, db } from '@/db/client';
import { recordAudit, type AuditInput } from '@/lib/audit/record-audit';
import { auditRowHash, canonicalAuditBytes, canonicalEventColumns, canonicalTimestamp, currentAuditChainFormat } from '@/lib/audit/audit-chain-format';
import { openAuditChainReader } from '@/lib/audit/audit-chain-reader';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { insertPastAuditRows } from './support/past-audit-rows';

const url = () => process.env.DATABASE_URL!;
let app: pg.Client;
let firstSeq: number;

const awkward: Array<Omit<AuditInput, 'type' | 'actor'>> = [
  { context: { clientIp: null, userAgent: null } },
  { context: { clientIp: '', userAgent: '' }, reason: '', details: {}, role: '' },
  { context: { clientIp: '10.0.0.1', userAgent: null }, role: 'compliance facility_admin', purposeOfUse: 'HCOMPL', action: 'R', patientRef: randomUUID(), studyIds: [randomUUID(), randomUUID(), randomUUID()] },
  { context: { clientIp: '::1', userAgent: 'Mozilla/5.0 "quoted" \\ back\\slash\n\tnew line' }, reason: "it's \"quoted\"" },
  { context: { clientIp: '2001:db8::1', userAgent: 'x'.repeat(600) }, details: { nested: { deeper: [1, [2, { k: null }], 'three'] }, empty: [], obj: {} } },
  {
    context: { clientIp: null, userAgent: 'Ünïcödé — 漢字 — עברית — 👩‍⚕️🩻 — e\u0301' },
    reason: '\u0001\u001f control \u007f',
    details: { 'ключ': 'значение', '🔑': '👁️', 'a"b': 'c\\d', z: 1, a: 2, aa: -0.5, big: 12345678901234 },
  },
];

/** Rows with what JavaScript cannot send through drizzle: exact numerics, duplicate keys, chosen microseconds. */
const rawRows = [
  { at: '2026-01-02T03:04:05.000001Z', details: '{"n": 1.50, "e": 1e3, "huge": 123456789012345678901234567890.000100}' },
  { at: '2026-01-02T03:04:05.1+00', details: '{"dup": 1, "dup": 2, "b": {"y": 1, "x": [true, false, null]}}' },
  { at: '2026-01-02 03:04:05+00', details: '"just a string"' },
  { at: '1999-12-31T23:59:59.999999-05:00', details: '[]' },
  { at: '9999-12-31T23:59:59.999999Z', details: '{"esc": "tab\\tquote\\" \\u00e9 \\ud83d\\ude00 \\u001f"}' },
];

before(async () => {
  firstSeq = ((await readAuditChainHead(url()))?.seq ?? 0) + 1;
  const facilityId = randomUUID();
  for (const input of awkward) {
    await db().transaction((tx) =>
      recordAudit(tx, { type: 'STUDY_VIEWED', actor: { type: 'link', shareLinkId: randomUUID(), facilityId, recipientKind: 'patient', purpose: null }, subject: { type: 'study', id: randomUUID() }, ...input }),
    );
  }
  app = new pg.Client({ connectionString: url() });
  await app.connect();
  await app.query(`SET TimeZone = 'America/St_Johns'`); // a half-hour offset: the canonical form must not depend on it
  // Chosen times: only the owner can write them (the database dates every other row itself).
  await insertPastAuditRows(async (owner) => {
    await owner.query(`SET LOCAL TimeZone = 'America/St_Johns'`);
    for (const row of rawRows) {
      await owner.query(
        `INSERT INTO audit_events (type, outcome, actor_type, occurred_at, details, reason) VALUES ('STUDY_VIEWED', 'failure', 'anonymous', $1, $2::jsonb, NULL)`,
        [row.at, row.details],
      );
    }
  });
});
after(async () => {
  await app.end();
  await closeDb();
});

describe('[AUDIT] one serialization for the trigger and the verifier', () => {
  test('the TypeScript canonical bytes equal audit_event_canonical_v2() for every awkward row, and so do the hashes', async () => {
    const { rows: sqlRows } = await app.query<{ seq: string; canonical: Buffer }>(
      `SELECT c.chain_seq AS seq, audit_event_canonical_v2(e, c.chain_seq) AS canonical
       FROM audit_chain c JOIN audit_events e ON e.id = c.event_id WHERE c.chain_seq >= $1 ORDER BY c.chain_seq`, [firstSeq]);
    const reader = await openAuditChainReader(url());
    try {
      const entries = await reader.entriesFrom(firstSeq, 1000);
      assert.equal(entries.length, awkward.length + rawRows.length);
      assert.equal(sqlRows.length, entries.length);
      entries.forEach((entry, i) => {
        const event = entry.event!;
        assert.equal(entry.chainSeq, sqlRows[i]!.seq);
        assert.equal(entry.format, currentAuditChainFormat);
        assert.equal(canonicalAuditBytes(entry.format, entry.chainSeq, event).toString('hex'), sqlRows[i]!.canonical.toString('hex'), `seq ${entry.chainSeq}: ${event.details}`);
        assert.ok(auditRowHash(entry.format, entry.prevHash, entry.chainSeq, event).equals(entry.rowHash), `seq ${entry.chainSeq}: row_hash`);
      });
      // jsonb's own text form is what gets hashed: exact numerics kept, duplicate keys resolved, keys sorted.
      const raw = entries.slice(awkward.length).map((entry) => entry.event!);
      assert.equal(raw[0]!.details, '{"e": 1000, "n": 1.50, "huge": 123456789012345678901234567890.000100}');
      assert.equal(raw[1]!.details, '{"b": {"x": [true, false, null], "y": 1}, "dup": 2}');
      assert.deepEqual(raw.map((r) => canonicalTimestamp(r.occurredAt)), [
        '2026-01-02T03:04:05.000001Z', '2026-01-02T03:04:05.100000Z', '2026-01-02T03:04:05.000000Z',
        '2000-01-01T04:59:59.999999Z', '9999-12-31T23:59:59.999999Z',
      ]);
    } finally {
      await reader.close();
    }
    const range = await verifyAuditChain(url(), { fromSeq: firstSeq });
    assert.ok(range.ok, range.ok ? '' : range.problem.message);
  });

  test('every column of audit_events is in the canonical form', async () => {
    const { rows } = await app.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_events'`);
    const covered = new Set<string>(canonicalEventColumns);
    const uncovered = rows.map((r) => r.column_name).filter((c) => !covered.has(c));
    assert.deepEqual(uncovered, [], 'a new column must join the canonical form (in SQL and TypeScript, as a new format version)');
    assert.equal(rows.length, covered.size);
  });

  test('a changed session time zone or date style does not change what the verifier reads', () => {
    assert.equal(canonicalTimestamp('2026-11-25 02:06:57+00'), '2026-11-25T02:06:57.000000Z');
    assert.equal(canonicalTimestamp('2026-11-25 02:06:57.0123+00'), '2026-11-25T02:06:57.012300Z');
    assert.throws(() => canonicalTimestamp('2026-11-25 03:06:57+01'), /TimeZone=UTC/);
    assert.throws(() => canonicalTimestamp('Wed Nov 25 02:06:57 2026 UTC'), /DateStyle=ISO/);
  });
});
