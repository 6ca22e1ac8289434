import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { facilities, users, type StaffRole } from './facilities';

export const identityProviderKind = pgEnum('identity_provider_kind', ['oidc', 'saml']);

/**
 * A facility's institutional sign-in (its IdP), configured by a facility admin.
 * Exactly one of the OIDC or SAML column groups is used, per `kind`.
 */
export const identityProviders = pgTable(
  'identity_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    kind: identityProviderKind('kind').notNull(),
    /** Shown on the sign-in button, e.g. "St Mary's (Entra ID)". */
    displayName: text('display_name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    oidcIssuer: text('oidc_issuer'),
    oidcClientId: text('oidc_client_id'),
    oidcClientSecret: text('oidc_client_secret'),
    /** The claim carrying group names, e.g. `groups` or `roles`. */
    groupsClaim: text('groups_claim').notNull().default('groups'),
    samlEntityId: text('saml_entity_id'),
    samlSsoUrl: text('saml_sso_url'),
    /** The IdP's signing certificate(s), PEM. */
    samlCertificates: text('saml_certificates').array(),
    /** IdP group → roles granted at sign-in; users in no mapped group get no role until an admin grants one. */
    roleMapping: jsonb('role_mapping').$type<Record<string, StaffRole[]>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('identity_providers_facility_idx').on(t.facilityId)],
);

/** Who signed in, as their IdP names them: (issuer, subject/NameID), never e-mail alone. */
export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    providerId: uuid('provider_id').references(() => identityProviders.id),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    email: text('email'),
    /**
     * The IdP itself vouched for `email` at the last sign-in: OIDC `email_verified: true`,
     * or a signed SAML assertion. Counts for the inbox only together with a domain claim
     * of the provider that counts (identityProviderEmailDomains).
     */
    emailVerified: boolean('email_verified').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('identities_issuer_subject_idx').on(t.issuer, t.subject), index('identities_user_idx').on(t.userId)],
);

/**
 * Server-side record of a staff session. The session cookie names it; every
 * request checks it, so sign-out, deactivation and the idle and absolute
 * timeouts take effect on the next request.
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedReason: text('ended_reason'),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);

/** SAML AuthnRequests we sent, so a response's InResponseTo must match one (and only once). */
export const samlRequests = pgTable('saml_requests', {
  id: text('id').primaryKey(),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => identityProviders.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /**
   * SHA-256 of the secret in the HttpOnly cookie of the browser that started the sign-in
   * (lib/http/saml-state-cookie.ts): its answer signs in only that browser. Null on rows
   * from before the binding; those are refused.
   */
  browserBindingSha256: text('browser_binding_sha256'),
});

/** Replay cache: an assertion id is accepted once, and remembered until the assertion expires. */
export const samlAssertionIds = pgTable(
  'saml_assertion_ids',
  {
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id),
    assertionId: text('assertion_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.assertionId] })],
);

/**
 * One-time hand-over from a verified SAML assertion to a next-auth session: the
 * ACS route stores the SHA-256 of a random ticket, the browser redeems it once,
 * within a minute.
 */
export const loginTickets = pgTable('login_tickets', {
  ticketSha256: text('ticket_sha256').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  identityId: uuid('identity_id')
    .notNull()
    .references(() => identities.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  /** The binding of the SAML request the ticket answers: redeemed only by the browser holding its secret. */
  browserBindingSha256: text('browser_binding_sha256'),
});

/**
 * The e-mail domains an identity provider may assert, declared by its facility's admin.
 * A claim counts for the inbox when no other facility claims the same domain, or when a
 * platform operator approved it (`npm run email-domains`, as the schema owner: the
 * runtime role may insert and delete claims but never set `approved_at`, migration 0009).
 */
export const identityProviderEmailDomains = pgTable(
  'identity_provider_email_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id),
    /** Lower case, exact: `hospital.org` does not cover `radiology.hospital.org`. */
    domain: text('domain').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** The operator who approved it, as they named themselves to the CLI. */
    approvedBy: text('approved_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('idp_email_domains_provider_domain_idx').on(t.providerId, t.domain), index('idp_email_domains_domain_idx').on(t.domain)],
);

/** An address a user proved to receive, by a one-time code e-mailed to it. */
export const inboxAddressConfirmations = pgTable(
  'inbox_address_confirmations',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    email: text('email').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.email] })],
);

/** One-time codes e-mailed to confirm a user's address: argon2 hash only, 10 minutes, once, few tries. */
export const inboxAddressCodes = pgTable(
  'inbox_address_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inbox_address_codes_user_idx').on(t.userId, t.createdAt)],
);

export type IdentityProvider = typeof identityProviders.$inferSelect;
export type Identity = typeof identities.$inferSelect;
export type StaffSession = typeof staffSessions.$inferSelect;
export type IdentityProviderEmailDomain = typeof identityProviderEmailDomains.$inferSelect;

/**
 * Sign-in attempts per client address and per account, in one-minute windows on the
 * database's clock (lib/auth/sign-in-rate-limit.ts): the limit holds across every
 * portal instance. Counters only; nothing here is evidence (that is the audit trail).
 */
export const signInAttemptWindows = pgTable('sign_in_attempt_windows', {
  /** `client:<address>` or `account:<user id>`. */
  attemptKey: text('attempt_key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull(),
});
