// Installs (or migrates) the job queue's schema as the database owner, at migrate
// time, and lets the runtime role use it. pg-boss installs and upgrades its own
// schema (its migrations travel with the pinned version), so this starts pg-boss once
// as the owner with migrations on and everything else off, then grants scanshare_app
// what a worker and an enqueuing portal need: rows, never DDL. Workers start with
// migrate: false and only check the version. Idempotent; runs at every start.
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { appRoleName } from '@/lib/audit/database-roles';
import { jobQueueOptions, jobQueueSchema } from './job-queue-settings';
import { allQueues } from './queues';
import { syncQueues } from './sync-queues';

export async function installJobQueueSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ ...jobQueueOptions(ownerUrl), max: 2, migrate: true, createSchema: true, supervise: false, schedule: false, registerInstance: false });
  const failures: unknown[] = [];
  boss.on('error', (err) => failures.push(err));
  await boss.start();
  try {
    // The queues exist before any portal enqueues into them (a job names its queue by foreign key).
    await syncQueues(boss, allQueues);
  } finally {
    await boss.stop({ graceful: false });
  }
  if (failures.length > 0) throw failures[0];

  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const schema = client.escapeIdentifier(jobQueueSchema);
    const role = client.escapeIdentifier(appRoleName);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`);
  } finally {
    await client.end();
  }
}
