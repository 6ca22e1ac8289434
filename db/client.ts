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
  // A database that is down or hung fails a request within seconds (503, lib/health/dependency-failure.ts)
  // instead of holding it open: new connections give up after 3 s, a query after 20 s (every long job pages its
  // reads); TCP keep-alive notices a vanished server.
  const pool = new Pool({ connectionString: env().DATABASE_URL, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 3_000, query_timeout: 20_000, keepAlive: true });
  // A connection lost (database restart, failover, a killed backend) must fail the
  // query using it, never crash the process: pg emits 'error' on the client too, and
  // the pool listens only while the client is idle.
  pool.on('error', (err) => console.error('[db] idle connection lost:', err.message));
  pool.on('connect', (client) => client.on('error', (err) => console.error('[db] connection lost:', err.message)));
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
