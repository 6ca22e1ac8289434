import { sql } from 'drizzle-orm';
import { check, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, boolean, primaryKey } from 'drizzle-orm/pg-core';

export const facilities = pgTable('facilities', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Policy: the longest a share link may live. Issue-time expiries are capped by it. */
  maxLinkLifetimeDays: integer('max_link_lifetime_days').notNull().default(30),
  /**
   * The assigning authority of this facility's PatientIDs, written as Issuer of Patient
   * ID (0010,0021) into outside images accepted for its patients; none when null (the
   * sender's issuer is then removed). DICOM LO: at most 64 characters.
   */
  issuerOfPatientId: text('issuer_of_patient_id'),
  /**
   * How recipients of this facility's links know who shared them and how to reach it
   * (every link page and e-mail shows these; lib/facilities/facility-contact.ts).
   * Plain text, set by a facility admin; null until set (the name is used instead).
   */
  displayName: text('display_name'),
  phone: text('phone'),
  address: text('address'),
  helpText: text('help_text'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // An LO value: 1-64 characters, no backslash (the value delimiter) or control characters.
  check('facilities_issuer_of_patient_id_lo', sql`char_length(${t.issuerOfPatientId}) between 1 and 64 and ${t.issuerOfPatientId} !~ '[\\\\[:cntrl:]]'`),
  // The same limits as the admin form (lib/facilities/facility-details-input.ts), held by the database too.
  check('facilities_display_name_length', sql`char_length(${t.displayName}) between 1 and 120`),
  check('facilities_phone_length', sql`char_length(${t.phone}) between 3 and 40`),
  check('facilities_address_length', sql`char_length(${t.address}) between 1 and 300`),
  check('facilities_help_text_length', sql`char_length(${t.helpText}) between 1 and 1000`),
]);

export const staffRole = pgEnum('staff_role', ['facility_admin', 'front_desk', 'clinician', 'compliance']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** Deactivated users are refused on their next request, whatever their session says. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_facility_email_idx').on(t.facilityId, t.email)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: staffRole('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export type Facility = typeof facilities.$inferSelect;
export type User = typeof users.$inferSelect;
export type StaffRole = (typeof staffRole.enumValues)[number];
