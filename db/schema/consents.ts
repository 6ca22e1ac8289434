import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { facilities, users } from './facilities';
import { patients, studies } from './studies';

/** Why the patient allows the share. Maps to HL7 v3 PurposeOfUse in the audit trail (lib/consents/purpose.ts). */
export const sharePurpose = pgEnum('share_purpose', ['treatment', 'second_opinion', 'research']);
export const consentStatus = pgEnum('consent_status', ['active', 'withdrawn']);
export const consentScope = pgEnum('consent_scope', ['all_studies', 'selected_studies']);
/** A named clinician or organisation (matched by e-mail or e-mail domain), or whoever holds a link and its code. */
export const consentRecipientKind = pgEnum('consent_recipient_kind', ['named', 'any_holder']);
export const consentMethod = pgEnum('consent_method', ['signed_form', 'on_screen_signature', 'verbal_witnessed']);

/**
 * A patient's consent to share, as one identity across its versions. Rows here and
 * in consent_versions are never updated or deleted (triggers refuse it, the portal's
 * role lacks the privilege): a change or a withdrawal is a new version.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    patientRef: uuid('patient_ref')
      .notNull()
      .references(() => patients.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consents_patient_idx').on(t.patientRef)],
);

/** One version of a consent: what was in force from `recordedAt` until the next version. */
export const consentVersions = pgTable(
  'consent_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consentId: uuid('consent_id')
      .notNull()
      .references(() => consents.id),
    version: integer('version').notNull(),
    status: consentStatus('status').notNull(),
    scope: consentScope('scope').notNull(),
    recipientKind: consentRecipientKind('recipient_kind').notNull(),
    /** The clinician's or organisation's name, as the patient gave it. */
    recipientName: text('recipient_name'),
    /** `someone@example.org`, or `@example.org` for everyone at an organisation. Lower case. */
    recipientEmail: text('recipient_email'),
    purpose: sharePurpose('purpose').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    method: consentMethod('method').notNull(),
    /** The signed form's scan or the on-screen signature, in S3 under an opaque key. */
    evidenceObjectKey: text('evidence_object_key'),
    evidenceContentType: text('evidence_content_type'),
    evidenceSha256: text('evidence_sha256'),
    witnessName: text('witness_name'),
    /** Why this version was recorded (a change or a withdrawal); free text from staff. */
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('consent_versions_consent_version_key').on(t.consentId, t.version),
    check('consent_versions_valid_range', sql`${t.validUntil} > ${t.validFrom}`),
    check('consent_versions_named_has_email', sql`${t.recipientKind} <> 'named' or ${t.recipientEmail} is not null`),
    check(
      'consent_versions_evidence',
      sql`(${t.method} = 'verbal_witnessed' and ${t.witnessName} is not null) or (${t.method} <> 'verbal_witnessed' and ${t.evidenceObjectKey} is not null)`,
    ),
  ],
);

/** The studies a `selected_studies` version covers. */
export const consentVersionStudies = pgTable(
  'consent_version_studies',
  {
    consentVersionId: uuid('consent_version_id')
      .notNull()
      .references(() => consentVersions.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
  },
  (t) => [primaryKey({ columns: [t.consentVersionId, t.studyId] })],
);

export type Consent = typeof consents.$inferSelect;
export type ConsentVersion = typeof consentVersions.$inferSelect;
export type SharePurpose = (typeof sharePurpose.enumValues)[number];
export type ConsentMethod = (typeof consentMethod.enumValues)[number];
