// One counter per key in the current minute, on the database's clock, counted in a
// single INSERT … ON CONFLICT statement: parallel requests on any number of portal
// instances never lose a count, and a new minute starts the count again. The
// refused-request audit limit and the sign-in limit both count this way, each in
// its own table (key column, window start, count column).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

const windows = {
  audit_refusal_windows: { key: 'actor_key', count: 'refusals' },
  sign_in_attempt_windows: { key: 'attempt_key', count: 'attempts' },
} as const;

/** This key's count in the current minute, this one included. */
export async function countInMinuteWindow(q: DbOrTx, table: keyof typeof windows, key: string): Promise<number> {
  const t = sql.identifier(table);
  const k = sql.identifier(windows[table].key);
  const c = sql.identifier(windows[table].count);
  const result = await q.execute<{ count: number }>(sql`
    INSERT INTO ${t} AS w (${k}, window_started_at, ${c})
    VALUES (${key}, date_trunc('minute', clock_timestamp()), 1)
    ON CONFLICT (${k}) DO UPDATE SET
      ${c} = CASE WHEN w.window_started_at = excluded.window_started_at THEN w.${c} + 1 ELSE 1 END,
      window_started_at = excluded.window_started_at
    RETURNING ${c} AS count`);
  return Number(result.rows[0]!.count);
}
