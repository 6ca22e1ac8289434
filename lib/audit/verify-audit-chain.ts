// Recomputes the audit hash chain and names the first row that breaks it. Streams
// audit_chain (each entry with its event) in chain order by keyset pages: bounded
// memory, no long snapshot. Entries commit in chain order (see
// migrations/0003_audit_hash_chain.sql), so a page never skips one committed later.
//
// Per entry, in this order (the first failure is reported):
//   1. chain_seq is the next one        else row_missing (a gap) / seq_duplicated
//   2. its event row still exists       else row_missing (the event was deleted)
//   3. prev_hash = previous row_hash    else rows_reordered (the next entry links here
//                                        instead) / prev_link_broken
//   4. row_hash = SHA-256(prev_hash || canonical event)   else content_changed
// Given exported heads, the chain must still hold each (same seq, same hash). A full
// run (seq 1 to the end) also looks for events with no chain entry: row_unchained.
import { auditRowHash, canonicalTimestamp, genesisHash, type AuditChainEntry } from './audit-chain-format';
import { openAuditChainReader, type AuditChainReader } from './audit-chain-reader';

/** A point of the chain, as exported for safekeeping (scripts/audit-export-head.ts). */
export type AuditChainHead = { seq: number; hash: string; occurredAt: string };

export type AuditChainProblemKind =
  | 'row_missing'
  | 'row_unchained'
  | 'seq_duplicated'
  | 'rows_reordered'
  | 'prev_link_broken'
  | 'content_changed'
  | 'head_mismatch'
  | 'head_missing';

export type AuditChainProblem = {
  kind: AuditChainProblemKind;
  /** The chain position where the chain first breaks. */
  seq: number;
  /** The audit_events.id concerned (null when a whole chain entry is gone). */
  id: string | null;
  message: string;
};

export type AuditChainVerification =
  | { ok: true; events: number; fromSeq: number; head: AuditChainHead | null }
  | { ok: false; events: number; fromSeq: number; problem: AuditChainProblem };

export type VerifyAuditChainOptions = {
  /** Start here (default 1). Above 1, the first row's prev_hash is trusted unless `prevHash` is given. */
  fromSeq?: number;
  /** The row_hash (hex) the row before `fromSeq` had, e.g. from an exported head. */
  prevHash?: string;
  /** Stop after this seq (default: the end of the chain). */
  toSeq?: number;
  /** Exported heads the chain must still contain (same seq, same hash). */
  expectHeads?: Array<Pick<AuditChainHead, 'seq' | 'hash'>>;
  batchSize?: number;
  onProgress?: (eventsVerified: number) => void;
};

export function headOf(entry: AuditChainEntry): AuditChainHead {
  const occurredAt = entry.event ? canonicalTimestamp(entry.event.occurredAt) : 'event missing';
  return { seq: Number(entry.chainSeq), hash: entry.rowHash.toString('hex'), occurredAt };
}

/** Entries in chain order with a one-entry look-ahead, fetched a page at a time. */
function pagedEntries(reader: AuditChainReader, fromSeq: number, toSeq: number | undefined, batchSize: number) {
  let page: AuditChainEntry[] = [];
  let index = 0;
  let nextSeq = fromSeq;
  let exhausted = false;
  const fill = async () => {
    if (index < page.length || exhausted) return;
    page = await reader.entriesFrom(nextSeq, batchSize, toSeq);
    index = 0;
    if (page.length < batchSize) exhausted = true;
    if (page.length > 0) nextSeq = Number(page[page.length - 1]!.chainSeq) + 1;
  };
  return {
    async next(): Promise<AuditChainEntry | null> {
      await fill();
      return page[index++] ?? null;
    },
    async peek(): Promise<AuditChainEntry | null> {
      await fill();
      return page[index] ?? null;
    },
  };
}

export async function verifyAuditChain(databaseUrl: string, options: VerifyAuditChainOptions = {}): Promise<AuditChainVerification> {
  const reader = await openAuditChainReader(databaseUrl);
  try {
    return await verifyWith(reader, options);
  } finally {
    await reader.close();
  }
}

type Expected = { seq: number; prevHash: Buffer | null; previous: AuditChainEntry | null };

const describe = (entry: AuditChainEntry | null) => (entry ? `seq ${entry.chainSeq} (id ${entry.eventId})` : 'the start of the range');

/** What is wrong with `entry` where the chain expects `expected`, or null. */
async function problemWith(
  entry: AuditChainEntry,
  expected: Expected,
  peek: () => Promise<AuditChainEntry | null>,
  exportedHash: string | undefined,
): Promise<AuditChainProblem | null> {
  const seq = Number(entry.chainSeq);
  const id = entry.eventId;
  const problem = (kind: AuditChainProblemKind, at: number, eventId: string | null, message: string) => ({ kind, seq: at, id: eventId, message });
  if (seq > expected.seq) {
    const gap = seq - 1 > expected.seq ? `${expected.seq}–${seq - 1}` : `${expected.seq}`;
    return problem('row_missing', expected.seq, null, `chain_seq ${gap} missing between ${describe(expected.previous)} and ${describe(entry)}: row(s) deleted`);
  }
  if (seq < expected.seq) return problem('seq_duplicated', seq, id, `chain_seq ${seq} appears twice (id ${expected.previous?.eventId} and id ${id})`);
  if (!entry.event) return problem('row_missing', seq, id, `seq ${seq}: event id ${id} is gone from audit_events: row deleted`);
  if (expected.prevHash && !entry.prevHash.equals(expected.prevHash)) {
    const next = await peek();
    if (next && next.prevHash.equals(expected.prevHash)) {
      return problem('rows_reordered', seq, id,
        `rows out of order at seq ${seq}: id ${id} links to a later row and id ${next.eventId} (seq ${next.chainSeq}) links to ${describe(expected.previous)}: rows swapped`);
    }
    return problem('prev_link_broken', seq, id,
      `prev_hash of seq ${seq} (id ${id}) is not the row_hash of ${describe(expected.previous)}: that row was rewritten with a recomputed hash, or rows were moved`);
  }
  if (!auditRowHash(entry.format, entry.prevHash, entry.chainSeq, entry.event).equals(entry.rowHash)) {
    return problem('content_changed', seq, id, `seq ${seq} (id ${id}): content does not match its row_hash: the row was edited after it was written`);
  }
  if (exportedHash !== undefined && exportedHash !== entry.rowHash.toString('hex')) {
    return problem('head_mismatch', seq, id, `seq ${seq} (id ${id}) differs from the exported head ${exportedHash}: the chain was rewritten up to here`);
  }
  return null;
}

async function verifyWith(reader: AuditChainReader, options: VerifyAuditChainOptions): Promise<AuditChainVerification> {
  const fromSeq = options.fromSeq ?? 1;
  const entries = pagedEntries(reader, fromSeq, options.toSeq, options.batchSize ?? 10_000);
  const exported = new Map((options.expectHeads ?? []).map((h) => [h.seq, h.hash.toLowerCase()]));
  const expected: Expected = {
    seq: fromSeq,
    prevHash: options.prevHash ? Buffer.from(options.prevHash, 'hex') : fromSeq === 1 ? genesisHash : null,
    previous: null,
  };
  let events = 0;
  const failed = (problem: AuditChainProblem): AuditChainVerification => ({ ok: false, events, fromSeq, problem });

  for (let entry = await entries.next(); entry; entry = await entries.next()) {
    const problem = await problemWith(entry, expected, entries.peek, exported.get(Number(entry.chainSeq)));
    if (problem) return failed(problem);
    Object.assign(expected, { seq: Number(entry.chainSeq) + 1, prevHash: entry.rowHash, previous: entry });
    events++;
    if (options.onProgress && events % 100_000 === 0) options.onProgress(events);
  }

  const lastSeq = expected.seq - 1;
  const cutOff = [...exported.keys()].filter((seq) => seq > lastSeq && (options.toSeq === undefined || seq <= options.toSeq)).sort((a, b) => a - b)[0];
  if (cutOff !== undefined) {
    return failed({ kind: 'head_missing', seq: cutOff, id: null,
      message: `the exported head seq ${cutOff} is past the end of the chain (seq ${lastSeq}): rows at the end were removed` });
  }
  if (fromSeq === 1 && options.toSeq === undefined) {
    const unchained = await reader.firstUnchainedEventId();
    if (unchained !== null) {
      return failed({ kind: 'row_unchained', seq: lastSeq + 1, id: unchained,
        message: `event id ${unchained} has no chain entry: it was inserted with the triggers switched off` });
    }
  }
  return { ok: true, events, fromSeq, head: expected.previous ? headOf(expected.previous) : null };
}
