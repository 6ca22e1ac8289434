// Rows dated in the past, for tests of time ranges and of the chain's time format.
// The database dates every row itself (migration 0010: a BEFORE INSERT trigger), so
// only the owner can write one, by switching that trigger off inside one transaction:
// no other session ever sees it off, and the chain trigger still hashes each row.
import pg from 'pg';
import { ownerUrl } from './isolated-database';

export async function insertPastAuditRows(write: (owner: pg.Client) => Promise<void>, url = ownerUrl()): Promise<void> {
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_database_time');
    await write(owner);
    // The chain trigger is deferred to COMMIT; a table with pending trigger events cannot be altered, so chain them now.
    await owner.query('SET CONSTRAINTS ALL IMMEDIATE');
    await owner.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_database_time');
    await owner.query('COMMIT');
  } catch (err) {
    await owner.query('ROLLBACK');
    throw err;
  } finally {
    await owner.end();
  }
}
