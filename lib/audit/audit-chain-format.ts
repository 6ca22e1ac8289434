// The canonical serialization of an audit event and its chain hash, as the verifier
// computes them. The writer is the database (deferred trigger audit_events_chain,
// migrations/0003_audit_hash_chain.sql): this file must match audit_event_canonical()
// there byte for byte. tests/integration/audit/chain-format.test.ts checks that on
// real rows with awkward values, and that every column of audit_events is covered.
import { createHash } from 'node:crypto';

/** The canonical forms, by audit_chain.format. Entries keep the form they were written with. */
export const auditChainFormats = { 1: 'scanshare-audit-v1', 2: 'scanshare-audit-v2' } as const;
export type AuditChainFormat = keyof typeof auditChainFormats;
/** The form the database writes now (migrations/0006). */
export const currentAuditChainFormat: AuditChainFormat = 2;

/** prev_hash of the first row of the chain. */
export const genesisHash: Buffer = Buffer.alloc(32);

/**
 * An event as the verifier reads it: values in PostgreSQL's text form, exactly as they
 * come over the wire (never parsed into numbers, Dates or objects), because the
 * canonical form is defined on those texts.
 */
export type AuditEventText = {
  id: string;
  /** timestamptz text in a session with TimeZone=UTC, DateStyle=ISO: `2026-11-25 02:06:57.0123+00`. */
  occurredAt: string;
  type: string;
  outcome: string;
  reason: string | null;
  facilityId: string | null;
  actorType: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** jsonb text: canonical for a jsonb value (keys de-duplicated and sorted, fixed spacing, numbers as stored). */
  details: string;
  clientIp: string | null;
  userAgent: string | null;
  /** Covered from format 2 on. */
  actorRole: string | null;
  action: string;
  purposeOfUse: string | null;
  patientRef: string | null;
  /** uuid[] text: `{}` or `{a,b}`. */
  studyIds: string;
};

/** One audit_chain entry with its event (null when the event row is gone). */
export type AuditChainEntry = {
  chainSeq: string;
  eventId: string;
  format: number;
  prevHash: Buffer;
  rowHash: Buffer;
  event: AuditEventText | null;
};

/** The columns of audit_events the current canonical form covers, in its order (chain_seq comes from audit_chain). */
export const canonicalEventColumns = [
  'id', 'occurred_at', 'type', 'outcome', 'reason', 'facility_id', 'actor_type',
  'actor_id', 'subject_type', 'subject_id', 'details', 'client_ip', 'user_agent',
  'actor_role', 'action', 'purpose_of_use', 'patient_ref', 'study_ids',
] as const;

const utcTimestamp = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\+00$/;

/** `2026-11-25 02:06:57.0123+00` → `2026-11-25T02:06:57.012300Z` (what to_char(… 'US') gives). */
export function canonicalTimestamp(pgText: string): string {
  const m = utcTimestamp.exec(pgText);
  if (!m) throw new Error(`unexpected timestamptz text "${pgText}" (the session must use TimeZone=UTC, DateStyle=ISO)`);
  const [, y, mo, d, h, mi, s, fraction = ''] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(6, '0')}Z`;
}

function canonicalValues(format: number, chainSeq: string, e: AuditEventText): Array<string | null> {
  const tag = auditChainFormats[format as AuditChainFormat];
  if (!tag) throw new Error(`unknown audit chain format ${format}`);
  const v1 = [
    tag,
    chainSeq,
    e.id,
    canonicalTimestamp(e.occurredAt),
    e.type,
    e.outcome,
    e.reason,
    e.facilityId,
    e.actorType,
    e.actorId,
    e.subjectType,
    e.subjectId,
    e.details,
    e.clientIp,
    e.userAgent,
  ];
  return format === 1 ? v1 : [...v1, e.actorRole, e.action, e.purposeOfUse, e.patientRef, e.studyIds];
}

const empty = Buffer.alloc(0);

/**
 * Each field: NULL → 0x00; a value → 0x01, its UTF-8 byte length (uint32 big-endian),
 * its UTF-8 bytes. Written into one buffer: the verifier hashes a million of these.
 */
function encode(values: Array<string | null>, prefix: Buffer = empty): Buffer {
  let size = prefix.length;
  for (const v of values) size += v === null ? 1 : 5 + Buffer.byteLength(v, 'utf8');
  const out = Buffer.allocUnsafe(size);
  let at = prefix.copy(out, 0);
  for (const v of values) {
    if (v === null) {
      out[at++] = 0;
      continue;
    }
    out[at] = 1;
    const length = out.write(v, at + 5, 'utf8');
    out.writeUInt32BE(length, at + 1);
    at += 5 + length;
  }
  return out;
}

/** The canonical serialization of an event at a chain position (audit_event_canonical[_v2]() in SQL). */
export function canonicalAuditBytes(format: number, chainSeq: string, event: AuditEventText): Buffer {
  return encode(canonicalValues(format, chainSeq, event));
}

/** SHA-256(prev_hash || canonical serialization): what row_hash must be. */
export function auditRowHash(format: number, prevHash: Buffer, chainSeq: string, event: AuditEventText): Buffer {
  return createHash('sha256').update(encode(canonicalValues(format, chainSeq, event), prevHash)).digest();
}
