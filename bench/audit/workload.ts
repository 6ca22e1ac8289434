// What one "request" does in the audit benchmark: the small read or write a domain
// function does, with or without its audit row, in one transaction, as the portal's
// role. The unchained variant inserts the same row into a copy of audit_events with
// no trigger, to separate the cost of the chain from the cost of an insert.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { bigserial, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Database } from '@/db/client';
import { facilities } from '@/db/schema';
import { recordAudit, type AuditInput } from '@/lib/audit/record-audit';

const benchWork = pgTable('bench_audit_work', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  payload: text('payload').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

const unchainedAudit = pgTable('bench_audit_unchained', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  reason: text('reason'),
  facilityId: uuid('facility_id'),
  actorType: text('actor_type').notNull(),
  actorId: uuid('actor_id'),
  subjectType: text('subject_type'),
  subjectId: uuid('subject_id'),
  details: jsonb('details').notNull(),
  clientIp: text('client_ip'),
  userAgent: text('user_agent'),
});

/** Creates the bench's own tables (as the owner) and a facility to read (as the portal role). */
export async function prepareWorkload(ownerUrl: string, app: Database): Promise<{ facilityId: string }> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`
      CREATE TABLE IF NOT EXISTS bench_audit_work (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS bench_audit_unchained (
        id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT now(), type text NOT NULL, outcome text NOT NULL,
        reason text, facility_id uuid, actor_type text NOT NULL, actor_id uuid, subject_type text, subject_id uuid,
        details jsonb NOT NULL DEFAULT '{}', client_ip text, user_agent text);
      CREATE INDEX IF NOT EXISTS bench_audit_unchained_facility_time_idx ON bench_audit_unchained (facility_id, occurred_at);
      CREATE INDEX IF NOT EXISTS bench_audit_unchained_subject_idx ON bench_audit_unchained (subject_id);
      GRANT SELECT, INSERT ON bench_audit_work, bench_audit_unchained TO scanshare_app;
      GRANT USAGE ON SEQUENCE bench_audit_work_id_seq, bench_audit_unchained_id_seq TO scanshare_app;`);
  } finally {
    await owner.end();
  }
  const [facility] = await app
    .insert(facilities)
    .values({ slug: `bench-audit-${randomUUID().slice(0, 8)}`, name: 'Audit bench facility' })
    .returning({ id: facilities.id });
  return { facilityId: facility!.id };
}

export function viewedEvent(facilityId: string): AuditInput {
  return {
    type: 'STUDY_VIEWED',
    actor: { type: 'link', shareLinkId: randomUUID(), facilityId, recipientKind: 'patient', purpose: null },
    context: { clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36' },
    subject: { type: 'study', id: randomUUID() },
    details: { studyInstanceUid: '1.2.826.0.1.3680043.8.498.12345678901234567890', instanceCount: 300 },
  };
}

export type Variant = 'read' | 'read+audit' | 'read+unchained-insert' | 'write' | 'write+audit';

/** One request of the given kind, in its own transaction. */
export function request(app: Database, facilityId: string, variant: Variant): Promise<void> {
  return app.transaction(async (tx) => {
    if (variant.startsWith('read')) {
      const [row] = await tx.select().from(facilities).where(eq(facilities.id, facilityId));
      if (!row) throw new Error('bench facility missing');
    } else {
      await tx.insert(benchWork).values({ payload: 'work' });
    }
    if (variant.endsWith('+audit')) await recordAudit(tx, viewedEvent(facilityId));
    if (variant === 'read+unchained-insert') {
      const e = viewedEvent(facilityId);
      await tx.insert(unchainedAudit).values({
        type: e.type, outcome: 'success', facilityId, actorType: 'link', actorId: randomUUID(), subjectType: 'study',
        subjectId: e.subject!.id, details: e.details!, clientIp: e.context.clientIp, userAgent: e.context.userAgent,
      });
    }
  });
}
