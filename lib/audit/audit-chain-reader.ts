// Reads the audit chain for the verifier and the head export: a dedicated connection
// (not the app's pool) whose session settings fix the text form of timestamps, and
// type parsers that keep every value as PostgreSQL's text (see audit-chain-format.ts).
// Read-only; the portal's role (SELECT on audit_events and audit_chain) is enough.
import pg from 'pg';
import type { AuditChainEntry } from './audit-chain-format';

const TIMESTAMPTZ = 1184;
const JSONB = 3802;
const INT8 = 20;
const UUID_ARRAY = 2951;

/** Raw text for the types whose parsed form would lose information (µs, jsonb numbers, key order). */
const rawTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ || oid === JSONB || oid === INT8 || oid === UUID_ARRAY) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

const columns = `c.chain_seq, c.event_id, c.format, c.prev_hash, c.row_hash,
  e.id, e.occurred_at, e.type, e.outcome::text AS outcome, e.reason, e.facility_id::text AS facility_id,
  e.actor_type::text AS actor_type, e.actor_id::text AS actor_id, e.subject_type, e.subject_id::text AS subject_id,
  e.details, e.client_ip, e.user_agent, e.actor_role, e.action::text AS action, e.purpose_of_use,
  e.patient_ref::text AS patient_ref, e.study_ids::text AS study_ids`;
/**
 * A page of chain entries, then each one's event by primary key. The shape (a LIMITed
 * subquery, and OFFSET 0 to keep the lateral lookup from being flattened into a join)
 * pins that plan: with stale statistics the planner otherwise hashes the whole event
 * table for every page.
 */
const page = (where: string, order: 'ASC' | 'DESC', limit: string) =>
  `SELECT ${columns}
   FROM (SELECT * FROM audit_chain WHERE ${where} ORDER BY chain_seq ${order} LIMIT ${limit}) c
   LEFT JOIN LATERAL (SELECT * FROM audit_events WHERE id = c.event_id OFFSET 0) e ON true
   ORDER BY c.chain_seq ${order}`;

/** A row in `columns` order (rowMode 'array': no per-row object built by the driver). */
type RawRow = [
  chainSeq: string, eventId: string, format: number, prevHash: Buffer, rowHash: Buffer,
  id: string | null, occurredAt: string, type: string, outcome: string, reason: string | null,
  facilityId: string | null, actorType: string, actorId: string | null, subjectType: string | null,
  subjectId: string | null, details: string, clientIp: string | null, userAgent: string | null,
  actorRole: string | null, action: string, purposeOfUse: string | null, patientRef: string | null, studyIds: string,
];

function toEntry(r: RawRow): AuditChainEntry {
  const [
    chainSeq, eventId, format, prevHash, rowHash, id, occurredAt, type, outcome, reason, facilityId, actorType, actorId,
    subjectType, subjectId, details, clientIp, userAgent, actorRole, action, purposeOfUse, patientRef, studyIds,
  ] = r;
  return {
    chainSeq,
    eventId,
    format,
    prevHash,
    rowHash,
    event:
      id === null
        ? null
        : {
            id, occurredAt, type, outcome, reason, facilityId, actorType, actorId, subjectType, subjectId, details,
            clientIp, userAgent, actorRole, action, purposeOfUse, patientRef, studyIds,
          },
  };
}

export type AuditChainReader = {
  /** Entries with fromSeq <= chain_seq <= toSeq, in chain order, at most `limit`. */
  entriesFrom(fromSeq: number, limit: number, toSeq?: number): Promise<AuditChainEntry[]>;
  /** The entry with the highest chain_seq, or null for an empty chain. */
  lastEntry(): Promise<AuditChainEntry | null>;
  /** The lowest audit_events.id with no chain entry (written with the triggers off), or null. */
  firstUnchainedEventId(): Promise<string | null>;
  close(): Promise<void>;
};

export async function openAuditChainReader(databaseUrl: string): Promise<AuditChainReader> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET default_transaction_read_only = on`);
  } catch (err) {
    await client.end();
    throw err;
  }
  const select = (text: string, values: unknown[]) =>
    client.query<RawRow>({ text, values, types: rawTypes, rowMode: 'array' }).then((result) => result.rows.map(toEntry));
  return {
    entriesFrom: (fromSeq, limit, toSeq) =>
      select(page('chain_seq BETWEEN $1 AND $2', 'ASC', '$3'), [fromSeq, toSeq ?? Number.MAX_SAFE_INTEGER, limit]),
    lastEntry: () => select(page('true', 'DESC', '1'), []).then((rows) => rows[0] ?? null),
    firstUnchainedEventId: async () => {
      const { rows } = await client.query<{ id: string }>({
        text: 'SELECT e.id FROM audit_events e WHERE NOT EXISTS (SELECT FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id LIMIT 1',
        types: rawTypes,
      });
      return rows[0]?.id ?? null;
    },
    close: () => client.end(),
  };
}
