import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, customType, index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditActorType = pgEnum('audit_actor_type', ['user', 'link', 'anonymous', 'system']);
export const auditOutcome = pgEnum('audit_outcome', ['success', 'failure']);
/** What kind of thing was done, as FHIR AuditEvent.action: create, read, update, delete, execute. */
export const auditAction = pgEnum('audit_action', ['C', 'R', 'U', 'D', 'E']);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

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
    /** The actor's role(s) when acting: staff roles (space-separated), or the link's recipient kind. */
    actorRole: text('actor_role'),
    action: auditAction('action').notNull().default('E'),
    /** HL7 v3 PurposeOfUse code (TREAT, PATRQT, HRESCH, HOPERAT, HCOMPL, HSYSADMIN). */
    purposeOfUse: text('purpose_of_use'),
    /** The patient whose data this concerns (an internal id, never a name or MRN). */
    patientRef: uuid('patient_ref'),
    /** The studies concerned (internal ids). */
    studyIds: uuid('study_ids').array().notNull().default(sql`'{}'::uuid[]`),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('audit_events_facility_time_idx').on(t.facilityId, t.occurredAt),
    index('audit_events_subject_idx').on(t.subjectId),
    index('audit_events_actor_idx').on(t.actorId),
    index('audit_events_patient_idx').on(t.patientRef),
    index('audit_events_studies_idx').using('gin', t.studyIds),
    // The chain's canonical form writes the time as YYYY-MM-DDTHH:MI:SS.ffffffZ: finite, AD, 4-digit years.
    check('audit_events_occurred_at_range', sql`${t.occurredAt} >= '1970-01-01 00:00:00+00' and ${t.occurredAt} < '10000-01-01 00:00:00+00'`),
  ],
);

/**
 * The hash chain over audit_events, one entry per event, written by the database
 * only (a deferred trigger, as the transaction commits: migrations/0003_audit_hash_chain.sql):
 * chain_seq 1, 2, 3… with no gaps in commit order, prev_hash = the previous entry's
 * row_hash, row_hash = SHA-256(prev_hash || canonical serialization of the event and
 * its chain_seq) (lib/audit/audit-chain-format.ts). The portal's role may only read it.
 */
export const auditChain = pgTable('audit_chain', {
  chainSeq: bigint('chain_seq', { mode: 'number' }).primaryKey(),
  eventId: bigint('event_id', { mode: 'number' })
    .notNull()
    .unique('audit_chain_event_id_key')
    .references(() => auditEvents.id),
  /**
   * The canonical form this entry was hashed with: 1 = the first thirteen columns
   * (entries written before migration 0006), 2 = those plus actor_role, action,
   * purpose_of_use, patient_ref and study_ids. The form's tag is hashed too.
   */
  format: smallint('format').notNull().default(1),
  prevHash: bytea('prev_hash').notNull(),
  rowHash: bytea('row_hash').notNull(),
});

/**
 * How many refused requests each actor made in the current minute, so that recording
 * refusals cannot be turned into a write amplifier (lib/audit/record-refusal.ts):
 * past the limit they are counted here but no longer written to the audit trail one
 * by one. One row per actor, rewritten in place as its window moves on. Kept in
 * PostgreSQL, with the database's clock, so the limit holds across portal instances.
 */
export const auditRefusalWindows = pgTable('audit_refusal_windows', {
  /** `user:<id>`, `link:<id>`, `upload_link:<id>` or `anonymous:<client address>`. */
  actorKey: text('actor_key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  refusals: integer('refusals').notNull(),
});

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditChainRow = typeof auditChain.$inferSelect;
