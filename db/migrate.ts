// Applies the checked-in SQL migrations (migrations/) to a database, then installs
// or upgrades the job queue's own schema (pg-boss, schema pgboss) as the same owner.
// Used at start-up on embedded defaults, by `npm run db:migrate`, and by the test setup.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { installJobQueueSchema } from '@/lib/jobs/install-job-queue-schema';

export async function runMigrations(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(process.cwd(), 'migrations') });
  } finally {
    await pool.end();
  }
  await installJobQueueSchema(databaseUrl);
}
