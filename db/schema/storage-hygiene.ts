import { sql } from 'drizzle-orm';
import { bigint, index, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid, check } from 'drizzle-orm/pg-core';
import { facilities } from './facilities';
import { instances, studies } from './studies';

/**
 * Where the integrity scrub (lib/storage/scrub-stored-objects.ts) got to: one row.
 * `cursor` is the last instance id whose objects were re-read in the current pass
 * (instances are walked in id order), so a run cut short (worker killed, S3 down)
 * resumes there. A pass starts when the previous one ended and the pass interval passed.
 */
export const storageScrubState = pgTable(
  'storage_scrub_state',
  {
    id: smallint('id').primaryKey().default(1),
    cursor: uuid('cursor'),
    passStartedAt: timestamp('pass_started_at', { withTimezone: true }),
    lastPassStartedAt: timestamp('last_pass_started_at', { withTimezone: true }),
    lastPassCompletedAt: timestamp('last_pass_completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('storage_scrub_state_one_row', sql`${t.id} = 1`)],
);

export const storageObjectRole = pgEnum('storage_object_role', ['instance', 'received']);
export const storageIntegrityProblem = pgEnum('storage_integrity_problem', ['checksum_mismatch', 'missing']);

/**
 * A stored object that no longer matches the checksum recorded at ingest, or is gone:
 * what the facility's admins see (admin/storage) and were e-mailed about. One open row
 * per object; a later pass that finds it again only moves `last_seen_at`. Ids and
 * hashes only: what the image shows stays on the instance and study rows.
 */
export const storageIntegrityFailures = pgTable(
  'storage_integrity_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => instances.id),
    objectRole: storageObjectRole('object_role').notNull(),
    problem: storageIntegrityProblem('problem').notNull(),
    expectedSha256: text('expected_sha256').notNull(),
    foundSha256: text('found_sha256'),
    expectedBytes: bigint('expected_bytes', { mode: 'number' }).notNull(),
    foundBytes: bigint('found_bytes', { mode: 'number' }),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('storage_integrity_failures_open_idx').on(t.instanceId, t.objectRole).where(sql`${t.resolvedAt} is null`),
    index('storage_integrity_failures_facility_idx').on(t.facilityId, t.detectedAt),
  ],
);

export type StorageScrubState = typeof storageScrubState.$inferSelect;
export type StorageIntegrityFailure = typeof storageIntegrityFailures.$inferSelect;
