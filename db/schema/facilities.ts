import { integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, boolean, primaryKey } from 'drizzle-orm/pg-core';

export const facilities = pgTable('facilities', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Policy: the longest a share link may live. Issue-time expiries are capped by it. */
  maxLinkLifetimeDays: integer('max_link_lifetime_days').notNull().default(30),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

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
