import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { facilities } from './facilities';

/** A patient as known to one facility: (facility, PatientID) is the identity, never PatientID alone. */
export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    patientId: text('patient_id').notNull(),
    name: text('name').notNull().default(''),
    birthDate: date('birth_date'),
    sex: text('sex'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('patients_facility_patient_id_idx').on(t.facilityId, t.patientId)],
);

export const studies = pgTable(
  'studies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    patientRef: uuid('patient_ref')
      .notNull()
      .references(() => patients.id),
    studyInstanceUid: text('study_instance_uid').notNull(),
    studyDate: date('study_date'),
    studyTime: text('study_time'),
    description: text('description').notNull().default(''),
    accessionNumber: text('accession_number').notNull().default(''),
    referringPhysician: text('referring_physician').notNull().default(''),
    /**
     * Bumped by a trigger on every insert, update or delete of the study's
     * instances (migration 0008), so a kept manifest template can tell it is stale.
     */
    instancesVersion: integer('instances_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('studies_facility_uid_idx').on(t.facilityId, t.studyInstanceUid),
    index('studies_patient_idx').on(t.patientRef),
  ],
);

export const series = pgTable(
  'series',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    seriesInstanceUid: text('series_instance_uid').notNull(),
    modality: text('modality').notNull(),
    seriesNumber: integer('series_number'),
    description: text('description').notNull().default(''),
    bodyPart: text('body_part').notNull().default(''),
  },
  (t) => [uniqueIndex('series_study_uid_idx').on(t.studyId, t.seriesInstanceUid)],
);

/**
 * One stored copy per instance. `id` is also the last segment of the object key
 * (`instances/<id>`), so keys carry no patient data.
 */
export const instances = pgTable(
  'instances',
  {
    id: uuid('id').primaryKey(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => series.id),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    sopClassUid: text('sop_class_uid').notNull(),
    instanceNumber: integer('instance_number'),
    frames: integer('frames').notNull().default(1),
    rows: integer('rows'),
    columns: integer('columns'),
    transferSyntaxUid: text('transfer_syntax_uid').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    objectKey: text('object_key').notNull().unique(),
    /** The per-instance metadata the viewer needs, kept from ingest so a manifest is one query. */
    viewerMetadata: jsonb('viewer_metadata').$type<Record<string, unknown>>().notNull(),
    /**
     * Set when the stored object is a reconciled copy (outside images accepted for a
     * local patient, lib/quarantine/reconcile-quarantined-file.ts): the bytes as they
     * were received, kept for the record under `received/<id>` and never served;
     * `byteSize`/`sha256` above describe the reconciled object that is.
     */
    receivedObjectKey: text('received_object_key').unique(),
    receivedSha256: text('received_sha256'),
    receivedByteSize: bigint('received_byte_size', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'instances_received_all_or_none',
      sql`(${t.receivedObjectKey} is null) = (${t.receivedSha256} is null) and (${t.receivedObjectKey} is null) = (${t.receivedByteSize} is null)`,
    ),
    uniqueIndex('instances_facility_sop_uid_idx').on(t.facilityId, t.sopInstanceUid),
    index('instances_study_idx').on(t.studyId, t.seriesId, t.instanceNumber),
    index('instances_series_idx').on(t.seriesId),
  ],
);

/**
 * A study's viewer-manifest body kept ready (lib/studies/manifest-template.ts): the
 * manifest's series array with a U+0001 placeholder where each instance's URL goes,
 * and the object keys to sign for them, in the same order. Valid only while its
 * `instancesVersion` equals the study's; the portal role may not delete rows.
 */
export const studyManifestTemplates = pgTable('study_manifest_templates', {
  studyId: uuid('study_id')
    .primaryKey()
    .references(() => studies.id, { onDelete: 'cascade' }),
  instancesVersion: integer('instances_version').notNull(),
  instanceCount: integer('instance_count').notNull(),
  modalities: text('modalities').notNull(),
  seriesJson: text('series_json').notNull(),
  objectKeys: text('object_keys').array().notNull(),
  builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Patient = typeof patients.$inferSelect;
export type Study = typeof studies.$inferSelect;
export type Series = typeof series.$inferSelect;
export type Instance = typeof instances.$inferSelect;
export type StudyManifestTemplate = typeof studyManifestTemplates.$inferSelect;
