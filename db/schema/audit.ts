import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditActorType = pgEnum('audit_actor_type', ['user', 'link', 'anonymous', 'system']);
export const auditOutcome = pgEnum('audit_outcome', ['success', 'failure']);

/**
 * Append-only record of every security-relevant action and every read of patient
 * data. Rows are written in the same transaction as what they record. Never holds
 * a token, an access-check answer or pixel data.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    outcome: auditOutcome('outcome').notNull(),
    reason: text('reason'),
    facilityId: uuid('facility_id'),
    actorType: auditActorType('actor_type').notNull(),
    actorId: uuid('actor_id'),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('audit_events_facility_time_idx').on(t.facilityId, t.occurredAt),
    index('audit_events_subject_idx').on(t.subjectId),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
