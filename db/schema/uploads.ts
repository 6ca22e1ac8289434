import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { facilities, users } from './facilities';
import { accessCheckKind } from './shares';
import { patients } from './studies';

/**
 * "Send us your images": a time-limited link that lets an outside person or facility
 * upload a CD or folder for a named patient. Same token and access-check rules as a
 * share link (only hashes stored, lockout after failures). Uploads land in quarantine.
 */
export const uploadLinks = pgTable(
  'upload_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    patientRef: uuid('patient_ref')
      .notNull()
      .references(() => patients.id),
    tokenSha256: text('token_sha256').notNull().unique(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    accessCheckKind: accessCheckKind('access_check_kind').notNull(),
    accessCheckHash: text('access_check_hash').notNull(),
    /** Where one-time codes go (access check email_otp) and the link was sent. */
    deliveryEmail: text('delivery_email'),
    noteToUploader: text('note_to_uploader'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('upload_links_facility_idx').on(t.facilityId, t.createdAt)],
);

/** A browser that passed an upload link's access check (cookie secret stored as its SHA-256). */
export const uploadLinkSessions = pgTable('upload_link_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  uploadLinkId: uuid('upload_link_id')
    .notNull()
    .references(() => uploadLinks.id),
  secretSha256: text('secret_sha256').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const quarantineStatus = pgEnum('quarantine_status', ['pending', 'accepted', 'rejected']);

/**
 * One file received through an upload link, held apart from the facility's studies
 * (object under quarantine/<uuid>) until staff match it to the patient or reject it.
 * `header` keeps what the DICOM header says (PatientID, name, birth date, UIDs) so a
 * mismatch with the named patient can be flagged; `mismatches` lists which fields differ.
 */
export const quarantineFiles = pgTable(
  'quarantine_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    uploadLinkId: uuid('upload_link_id')
      .notNull()
      .references(() => uploadLinks.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    objectKey: text('object_key').notNull().unique(),
    sha256: text('sha256').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    studyInstanceUid: text('study_instance_uid').notNull(),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    header: jsonb('header').$type<Record<string, unknown>>().notNull(),
    mismatches: text('mismatches').array().notNull().default(sql`'{}'::text[]`),
    status: quarantineStatus('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('quarantine_files_facility_status_idx').on(t.facilityId, t.status, t.receivedAt),
    index('quarantine_files_link_idx').on(t.uploadLinkId),
    check('quarantine_files_decided', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
  ],
);

export type UploadLink = typeof uploadLinks.$inferSelect;
export type QuarantineFile = typeof quarantineFiles.$inferSelect;
