// A short-lived connection as the schema's owner, for platform-operator commands
// (scripts/email-domains.ts) that do what the portal's runtime role may not. The
// portal never has this URL (lib/audit/database-roles.ts withoutOwnerUrl).
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import type { Database } from './client';
import * as schema from './schema';

export async function withOwnerDb<T>(ownerUrl: string, work: (db: Database) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: ownerUrl, max: 1 });
  try {
    return await work(drizzle(pool, { schema, casing: 'snake_case' }));
  } finally {
    await pool.end();
  }
}
