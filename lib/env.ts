// The one place that reads process.env. Everything else imports `env` from here,
// so a bad configuration fails at start-up with a readable message instead of
// surfacing as an undefined deep inside a request.
import { z } from 'zod';
import { parseTrustedProxyList } from './http/client-address';

const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** Mail timing, also needed where the rest of the configuration may be absent: migrations set up the queues' retry policy from it. */
const mailTimingSchema = z.object({
  /** Longest wait for the SMTP server at each step (connect, greeting, each reply); a queued message's lease is three times it. */
  MAIL_SEND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** First delay before a failed queued message is retried; it doubles (with jitter) each time, up to an hour. */
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

/** Storage hygiene (integrity scrub, orphan collector), also needed where the rest may be absent: migrations set up the queues from it. */
const storageHygieneSchema = z.object({
  /** How fast the integrity scrub re-reads stored objects, in bytes per second (default 32 MiB/s). */
  STORAGE_SCRUB_BYTES_PER_SECOND: z.coerce.number().int().min(64 * 1024).max(10 * 1024 ** 3).default(32 * 1024 ** 2),
  /** How long one scrub run keeps starting new objects (default 300 s); the next run goes on from where it stopped. */
  STORAGE_SCRUB_SECONDS_PER_RUN: z.coerce.number().int().min(1).max(6 * 3600).default(300),
  /** The least time between the starts of two full passes over every stored object (default a week; 0: back to back). */
  STORAGE_SCRUB_PASS_INTERVAL_HOURS: z.coerce.number().min(0).max(24 * 366).default(168),
  /**
   * How old (by its LastModified) an object no row names must be before the orphan collector deletes it
   * (default 24 h). Must exceed the longest upload plus its indexing: ingest writes the object before its row.
   */
  STORAGE_ORPHAN_GRACE_SECONDS: z.coerce.number().int().min(0).max(365 * 86_400).default(86_400),
});

const envSchema = z
  .object({
    ...mailTimingSchema.shape,
    ...storageHygieneSchema.shape,
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string({ error: 'is required (a postgres:// URL)' }).url({ message: 'must be a postgres:// URL' }),
    /**
     * The schema owner, for migrations only (audit integrity: the portal's DATABASE_URL role must not be
     * the owner or a superuser). Unset: migrations use DATABASE_URL. Never passed to the portal process.
     */
    DATABASE_OWNER_URL: z.string().url({ message: 'must be a postgres:// URL' }).optional(),
    /** The origin users reach the portal at, e.g. https://scans.example.org. Used for links and cookies. */
    PUBLIC_ORIGIN: z.string().url().default('http://localhost:3000'),
    /**
     * Secret for next-auth session cookies. At least 32 characters. Used for nothing else directly; when
     * AUDIT_HASH_KEY is unset, the audit search-term key is derived from it by HKDF under its own label.
     */
    NEXTAUTH_SECRET: z.string({ error: 'is required (at least 32 random characters)' }).min(32, { message: 'must be at least 32 characters' }),
    /**
     * Key for the keyed hashes (HMAC-SHA256) of what compliance typed into audit searches (a name, an MRN,
     * an e-mail): the audit trail keeps the hash, never the words (lib/audit/search-term-hash.ts). Set it in
     * production so the hashes outlive a rotation of NEXTAUTH_SECRET. At least 32 characters.
     */
    AUDIT_HASH_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    S3_BUCKET: z.string({ error: 'is required (the private bucket holding the studies)' }).min(3),
    S3_REGION: z.string().default('us-east-1'),
    /** Leave unset for AWS S3; set for any S3-compatible store (MinIO, Ceph RGW, the embedded server). */
    S3_ENDPOINT: z.string().url().optional(),
    S3_FORCE_PATH_STYLE: booleanString,
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** `required`: refuse to start unless the bucket is under Object Lock (versioning + a default retention). */
    /** Sign-in attempts (demo, SAML, tickets, OIDC) per client address and minute, across all instances. */
    SIGN_IN_ATTEMPTS_PER_MINUTE_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(30),
    /** Sign-in attempts per account and minute. */
    SIGN_IN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(10),
    S3_OBJECT_LOCK: z.enum(['off', 'required']).default('off'),
    /** `when_supported`: send CRC32 checksums on uploads (AWS S3 needs them on an Object Lock bucket; Ceph 16 refuses them on streams). */
    S3_REQUEST_CHECKSUMS: z.enum(['when_required', 'when_supported']).default('when_required'),
    /** Lifetime of presigned GET URLs handed to the viewer and downloads. Minutes, not hours. */
    // Above the viewer's 60 s refresh margin (lib/viewer/refresh-url.ts), or every request would take the refresh route.
    PRESIGN_TTL_SECONDS: z.coerce.number().int().min(90).max(3600).default(120),
    /**
     * Upload limits (bytes). Larger files are refused with 413 before they are stored: at once when
     * Content-Length says so, otherwise as soon as the count passes the limit (2 GiB per file by default).
     */
    UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().min(1024 * 1024).max(5 * 1024 ** 4).default(2 * 1024 ** 3),
    /** Per file sent through an upload link (from outside); unset: UPLOAD_MAX_FILE_BYTES. */
    UPLOAD_LINK_MAX_FILE_BYTES: z.coerce.number().int().min(1024 * 1024).max(5 * 1024 ** 4).optional(),
    /** All files received through one upload link together (20 GiB by default: several DVDs). */
    UPLOAD_LINK_MAX_TOTAL_BYTES: z.coerce.number().int().min(1024 * 1024).max(50 * 1024 ** 4).default(20 * 1024 ** 3),
    /** Set by `npm start` / the test setup when they run the embedded PostgreSQL and S3 server. */
    SCANSHARE_EMBEDDED: booleanString,
    /** Demo sign-in (one click, no password). On by default only on embedded defaults. */
    SCANSHARE_DEMO: booleanString,
    /** Production refuses the demo sign-in unless this is also set. */
    SCANSHARE_ALLOW_DEMO_IN_PRODUCTION: booleanString,
    /** Staff sessions end after this long without a request (HIPAA automatic logoff). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    /** ...and after this long in any case. */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    /** An OIDC identity provider from the environment (admins can add more per facility in the portal). */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_DISPLAY_NAME: z.string().default('Institutional sign-in'),
    /** The facility (slug) whose staff sign in through OIDC_ISSUER. */
    OIDC_FACILITY: z.string().optional(),
    /** Comma-separated group=role pairs for OIDC_ISSUER, e.g. `radiology-desk=front_desk,it-admins=facility_admin`. */
    OIDC_ROLE_MAPPING: z.string().default(''),
    /**
     * The proxies in front of the portal whose X-Forwarded-For hops are believed (README, "Client addresses"):
     * addresses and CIDR ranges, comma-separated. Unset: none; the socket's peer is the client.
     */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .superRefine((list, ctx) => {
        try {
          parseTrustedProxyList(list);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    /** ...or how many proxies stand in front of it (each appends one hop). 0: none. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Refused requests recorded per actor and minute; past it they are counted, not written (lib/audit/record-refusal.ts). */
    AUDIT_REFUSALS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Outgoing mail (links, one-time codes, open alerts): smtp:// or smtps://user:password@host:port. Unset: e-mail options are off. */
    SMTP_URL: z.string().url().refine((u) => /^smtps?:\/\//.test(u), { message: 'must start with smtp:// or smtps://' }).optional(),
    MAIL_FROM: z.string().default('ScanShare <no-reply@scanshare.invalid>'),
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === 'production' && e.SCANSHARE_DEMO && !e.SCANSHARE_EMBEDDED && !e.SCANSHARE_ALLOW_DEMO_IN_PRODUCTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['SCANSHARE_DEMO'],
        message:
          'the demo sign-in is refused in production (outside embedded defaults); unset SCANSHARE_DEMO, or set SCANSHARE_ALLOW_DEMO_IN_PRODUCTION=true for a throwaway demo',
      });
    }
    const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET, e.OIDC_FACILITY];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_FACILITY, or none' });
    }
    if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {}

/** Parses an environment object; throws ConfigurationError listing every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigurationError(`ScanShare configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once, on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Only the mail timing (MAIL_SEND_TIMEOUT_SECONDS, MAIL_RETRY_DELAY_SECONDS), valid without the rest of the configuration. */
export function mailTiming(): z.infer<typeof mailTimingSchema> {
  const result = mailTimingSchema.safeParse(process.env);
  if (!result.success) throw new ConfigurationError(`ScanShare configuration is invalid:\n${result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return result.data;
}

/** Only the storage hygiene settings (STORAGE_SCRUB_*, STORAGE_ORPHAN_*), valid without the rest of the configuration. */
export function storageHygiene(): z.infer<typeof storageHygieneSchema> {
  const result = storageHygieneSchema.safeParse(process.env);
  if (!result.success) throw new ConfigurationError(`ScanShare configuration is invalid:\n${result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return result.data;
}
