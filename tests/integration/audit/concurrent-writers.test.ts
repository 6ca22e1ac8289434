// 50 writers at once, each in its own transaction through recordAudit (as the portal
// role, on 50 connections), some rolling back after writing their row: the chain
// stays gapless and verifies, over the whole shared database.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

const writers = 50;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: writers });
const database = drizzle(pool, { schema, casing: 'snake_case' });
after(() => pool.end());

class RolledBack extends Error {}

test('[AUDIT] 50 concurrent writers leave a gapless chain that verifies', async () => {
  const before = (await readAuditChainHead(process.env.DATABASE_URL!))?.seq ?? 0;
  const marker = `concurrency-${Date.now()}`;
  // Every connection open first, so the writers really start together.
  await Promise.all(Array.from({ length: writers }, () => pool.query('SELECT 1')));

  const outcomes = await Promise.allSettled(
    Array.from({ length: writers }, (_, i) =>
      database.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_sleep(${Math.random() * 0.02})`);
        await recordAudit(tx, {
          type: 'STUDY_VIEWED',
          actor: { type: 'system' },
          context: { clientIp: `10.1.0.${i}`, userAgent: marker },
          details: { writer: i },
        });
        // Hold the chain head a little while doing other work, as a real request would.
        await tx.execute(sql`SELECT pg_sleep(${Math.random() * 0.005})`);
        if (i % 10 === 9) throw new RolledBack(); // 5 of 50 roll back after writing their row
      }),
    ),
  );
  const rejected = outcomes.filter((o) => o.status === 'rejected');
  assert.ok(rejected.every((o) => o.reason instanceof RolledBack), String(rejected.find((o) => !(o.reason instanceof RolledBack))?.reason));
  assert.equal(rejected.length, 5);

  const { rows } = await pool.query<{ seq: string; writer: number }>(
    `SELECT c.chain_seq AS seq, (e.details->>'writer')::int AS writer
     FROM audit_events e JOIN audit_chain c ON c.event_id = e.id WHERE e.user_agent = $1 ORDER BY c.chain_seq`, [marker]);
  assert.equal(rows.length, 45, 'the committed writers’ rows, and none of the rolled-back ones');
  assert.ok(rows.every((r) => r.writer % 10 !== 9));
  assert.deepEqual(rows.map((r) => Number(r.seq)), Array.from({ length: 45 }, (_, k) => before + 1 + k), 'gapless: a rolled-back row frees its seq');

  const result = await verifyAuditChain(process.env.DATABASE_URL!);
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  assert.ok(result.events >= before + 45);
});
