import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { consents, sharePurpose } from './consents';
import { facilities, users } from './facilities';
import { patients, studies } from './studies';

/**
 * How a recipient proves they may open a link: the patient's date of birth, a code
 * handed out with the link, or a one-time code e-mailed to the recipient when they
 * open it (access_check_hash then holds nothing usable; link_one_time_codes does).
 */
export const accessCheckKind = pgEnum('access_check_kind', ['birth_date', 'code', 'email_otp']);
/**
 * Who the link is for. The patient's own access is their right and needs no consent;
 * a named recipient or any holder of the link needs a consent that covers it.
 */
export const linkRecipientKind = pgEnum('link_recipient_kind', ['patient', 'named', 'any_holder']);

/**
 * A time-limited link to one or more studies. The token itself is never stored:
 * only its SHA-256 (a 256-bit random token needs no slow hash). The access check
 * answer is low-entropy, so it is stored with argon2 and guarded by a lockout.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    tokenSha256: text('token_sha256').notNull().unique(),
    /** The one patient whose studies the link shares. */
    patientRef: uuid('patient_ref')
      .notNull()
      .references(() => patients.id),
    /** The staff member who issued it; null for a link the patient forwarded (parent_link_id). */
    createdBy: uuid('created_by').references(() => users.id),
    /** A link the patient forwarded from their own: it never outlives, or outlasts the revocation of, this parent. */
    parentLinkId: uuid('parent_link_id').references((): AnyPgColumn => shareLinks.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * A named recipient (a referred clinician), by e-mail. Signed in through their
     * institution with that verified e-mail, they find the link in their inbox and
     * open it without the access check.
     */
    recipientEmail: text('recipient_email'),
    recipientKind: linkRecipientKind('recipient_kind').notNull(),
    /** Why it is shared (null for the patient's own access). */
    purpose: sharePurpose('purpose'),
    /**
     * The consent that covers this share. Checked again on every request of the link
     * (lib/shares/resolve-link-actor.ts): its latest version must still cover it.
     */
    consentId: uuid('consent_id').references(() => consents.id),
    accessCheckKind: accessCheckKind('access_check_kind').notNull(),
    accessCheckHash: text('access_check_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    openCount: integer('open_count').notNull().default(0),
    /** At most this many successful opens (access checks or inbox opens); null = no limit. */
    maxOpens: integer('max_opens'),
    downloadCount: integer('download_count').notNull().default(0),
    /** View only, or view and download the CD-style ZIP. */
    allowDownload: boolean('allow_download').notNull().default(true),
    /** The patient may forward it to a specialist (a child link, under a covering consent). */
    allowForward: boolean('allow_forward').notNull().default(false),
    /** A short note from staff, shown to the recipient. */
    noteToRecipient: text('note_to_recipient'),
    /** Where the link was e-mailed (patient or specialist), if it was; also where one-time codes go. */
    deliveryEmail: text('delivery_email'),
    /** Alerts at first open and at download: to the issuer, and to this address if the patient asked. */
    alertIssuer: boolean('alert_issuer').notNull().default(true),
    alertEmail: text('alert_email'),
    firstOpenedAt: timestamp('first_opened_at', { withTimezone: true }),
    lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The random key of the staff form that created it (one per render of the share
     * form): the same form sent again, by a double press or a re-post, finds this
     * link instead of making another. Unique per issuer; null for links made otherwise.
     */
    formKey: uuid('form_key'),
    /**
     * Whom staff handed it to, in their words ("patient at desk 2", "Dr Ruiz's office"),
     * so a busy desk can tell its links apart before revoking or extending one. Staff-only.
     */
    handedTo: text('handed_to'),
  },
  (t) => [
    index('share_links_facility_idx').on(t.facilityId, t.createdAt),
    uniqueIndex('share_links_form_key_unique').on(t.createdBy, t.formKey).where(sql`${t.formKey} is not null`),
    index('share_links_recipient_idx').on(t.recipientEmail),
    index('share_links_consent_idx').on(t.consentId),
    index('share_links_patient_idx').on(t.patientRef),
    check(
      'share_links_consent_required',
      sql`${t.recipientKind} = 'patient' or (${t.consentId} is not null and ${t.purpose} is not null)`,
    ),
    check('share_links_named_has_email', sql`${t.recipientKind} <> 'named' or ${t.recipientEmail} is not null`),
    check('share_links_issuer', sql`${t.createdBy} is not null or ${t.parentLinkId} is not null`),
    check('share_links_max_opens', sql`${t.maxOpens} is null or ${t.maxOpens} > 0`),
    check('share_links_handed_to_length', sql`char_length(${t.handedTo}) <= 120`),
    // As text: a value added to an enum cannot be used in the transaction that adds it (migration 0007).
    check('share_links_otp_has_email', sql`${t.accessCheckKind}::text <> 'email_otp' or ${t.deliveryEmail} is not null`),
    index('share_links_parent_idx').on(t.parentLinkId),
  ],
);

export const shareLinkStudies = pgTable(
  'share_link_studies',
  {
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
  },
  (t) => [primaryKey({ columns: [t.shareLinkId, t.studyId] }), index('share_link_studies_study_idx').on(t.studyId)],
);

/**
 * A browser that passed a link's access check. The cookie holds a random secret;
 * only its SHA-256 is stored. Bound to exactly one link.
 */
export const linkSessions = pgTable(
  'link_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    secretSha256: text('secret_sha256').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('link_sessions_link_idx').on(t.shareLinkId)],
);

/** One-time codes e-mailed at open time (access check `email_otp`): only the hash, short-lived, few tries. */
export const linkOneTimeCodes = pgTable(
  'link_one_time_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('link_one_time_codes_link_idx').on(t.shareLinkId, t.createdAt)],
);

/** A specialist marked a shared study as reviewed, in their inbox. */
export const inboxReviews = pgTable(
  'inbox_reviews',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.shareLinkId, t.studyId] })],
);

export type ShareLink = typeof shareLinks.$inferSelect;
export type LinkRecipientKind = (typeof linkRecipientKind.enumValues)[number];
export type LinkSession = typeof linkSessions.$inferSelect;
