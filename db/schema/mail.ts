import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { facilities } from './facilities';

/**
 * Alerts waiting to be e-mailed, written in the same transaction as the event that
 * causes them (a first open, a download) so none is lost if SMTP is down; a job on the
 * queue delivers and retries each (lib/mail/deliver-outbox-message.ts). Never holds a link token or
 * an access code, and no patient data beyond initials: links are e-mailed directly
 * when they are created, never through this table.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set while a worker is handing the message to SMTP; a stale one (older than the lease) is a worker that died mid-send. */
    sendingStartedAt: timestamp('sending_started_at', { withTimezone: true }),
    /** Chosen at the first attempt and reused by every retry, so a resend after a crash carries the same Message-ID. */
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)],
);

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
