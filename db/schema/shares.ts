import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { facilities, users } from './facilities';
import { studies } from './studies';

export const accessCheckKind = pgEnum('access_check_kind', ['birth_date', 'code']);

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
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * A named recipient (a referred clinician), by e-mail. Signed in through their
     * institution with that verified e-mail, they find the link in their inbox and
     * open it without the access check.
     */
    recipientEmail: text('recipient_email'),
    accessCheckKind: accessCheckKind('access_check_kind').notNull(),
    accessCheckHash: text('access_check_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    openCount: integer('open_count').notNull().default(0),
    lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('share_links_facility_idx').on(t.facilityId, t.createdAt), index('share_links_recipient_idx').on(t.recipientEmail)],
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

export type ShareLink = typeof shareLinks.$inferSelect;
export type LinkSession = typeof linkSessions.$inferSelect;
