// The database client: one pg Pool per process, created on first use from the
// validated environment. Only lib/ and db/ import this (enforced by ESLint).
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
/** A transaction handle; domain functions that must join a caller's transaction take this. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

const globalForDb = globalThis as unknown as { scanshareDb?: { pool: Pool; db: Database } };

function create() {
  const pool = new Pool({ connectionString: env().DATABASE_URL, max: 10, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return { pool, db: drizzle(pool, { schema, casing: 'snake_case' }) };
}

export function db(): Database {
  globalForDb.scanshareDb ??= create();
  return globalForDb.scanshareDb.db;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.scanshareDb;
  globalForDb.scanshareDb = undefined;
  await current?.pool.end();
}
