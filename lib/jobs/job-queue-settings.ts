// Settings every pg-boss instance of ScanShare shares: the schema the queue lives in,
// and what must stay off so the runtime role (scanshare_app) never needs to own a
// table. pg-boss's maintenance can rebuild bloated indexes (REINDEX needs the owner)
// and keep queue statistics in daily partitions (CREATE TABLE … PARTITION OF needs
// the owner); both are off, so a worker connected as scanshare_app only reads and
// writes rows. The schema itself is installed and migrated at migrate time by the
// owner (install-job-queue-schema.ts).
import type { ConstructorOptions } from 'pg-boss';

export const jobQueueSchema = 'pgboss';

export function jobQueueOptions(connectionString: string): ConstructorOptions {
  return {
    connectionString,
    schema: jobQueueSchema,
    application_name: 'scanshare-jobs',
    reindex: false,
    persistQueueStats: false,
  };
}
