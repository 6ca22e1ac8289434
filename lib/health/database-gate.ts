// Is PostgreSQL answering right now? Asked by proxy.ts before every page, so that
// while the database is down or hung a page answers at once with 503 and
// Retry-After instead of hanging or failing with a stack trace. One probe
// (`select 1`, at most PROBE_TIMEOUT_MS) per PROBE_EVERY_MS per process, shared by
// the requests that arrive meanwhile; when the database returns, the next probe
// sees it and pages come back on their own.
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';

const PROBE_EVERY_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;

type Probe = { at: number; answer: Promise<boolean> };
const globalForGate = globalThis as unknown as { scanshareDatabaseGate?: Probe };

function probe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS); });
  const query = db().execute(sql`select 1`).then(() => true, () => false);
  return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
}

export function databaseAnswering(now = Date.now()): Promise<boolean> {
  const last = globalForGate.scanshareDatabaseGate;
  if (last && now - last.at < PROBE_EVERY_MS) return last.answer;
  const next: Probe = { at: now, answer: probe() };
  globalForGate.scanshareDatabaseGate = next;
  return next.answer;
}
