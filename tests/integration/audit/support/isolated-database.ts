// A database of its own, in the test cluster, migrated like the real one: for tests
// that tamper with audit rows as a superuser, so the shared database's chain (which
// other tests verify) is never touched. Needs DATABASE_OWNER_URL (tests/support/with-services.ts).
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { runMigrations } from '@/db/migrate';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { assertLocalDatabase } from '../../../support/test-data';

export type IsolatedDatabase = {
  name: string;
  /** As the superuser (can disable triggers). */
  ownerUrl: string;
  /** As scanshare_app, the portal's role. */
  appUrl: string;
  /** drizzle over appUrl, for the domain code (recordAudit). */
  app: Database;
  /** A superuser connection. */
  owner: pg.Client;
  drop(): Promise<void>;
};

export function ownerUrl(): string {
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set: run me through tests/support/with-services.ts');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `beforeMigrating` runs as the owner on the empty database, e.g. to apply older migrations and add rows. */
export async function createIsolatedDatabase(beforeMigrating?: (ownerUrl: string) => Promise<void>): Promise<IsolatedDatabase> {
  assertLocalDatabase();
  const name = `audit_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ownerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const dbOwnerUrl = withDatabase(ownerUrl(), name);
  const appUrl = withDatabase(process.env.DATABASE_URL!, name);
  await beforeMigrating?.(dbOwnerUrl);
  await runMigrations(dbOwnerUrl);
  const pool = new pg.Pool({ connectionString: appUrl, max: 4 });
  const owner = new pg.Client({ connectionString: dbOwnerUrl });
  await owner.connect();
  return {
    name,
    ownerUrl: dbOwnerUrl,
    appUrl,
    app: drizzle(pool, { schema, casing: 'snake_case' }),
    owner,
    async drop() {
      await owner.end();
      await pool.end();
      const dropper = new pg.Client({ connectionString: ownerUrl() });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
