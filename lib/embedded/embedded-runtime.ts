// Embedded defaults: what runs when nothing is configured. No DATABASE_URL → an
// embedded PostgreSQL; no S3 endpoint/bucket → a local S3-compatible server that
// checks signatures, with a private bucket and CORS for the portal's origin.
// Used by `npm start` and by the test setup, so both run the same parts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureEmbeddedAppRole } from '@/lib/audit/database-roles';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startLocalS3 } from './local-s3';

export type RuntimeOptions = {
  /** Folder for the embedded servers' data and generated secrets (e.g. `.data`). */
  dataRoot: string;
  publicOrigin: string;
  pgPort: number;
  s3Port: number;
  /** The environment to complete; keys already set there win. */
  base: Record<string, string | undefined>;
  log?: (line: string) => void;
};

export type Runtime = { env: Record<string, string>; embedded: string[]; stop(): Promise<void> };

/** A secret kept in the data folder, so sessions survive restarts of the embedded portal. */
function persistentSecret(dataRoot: string, name: string): string {
  const file = path.join(dataRoot, 'secrets', name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startEmbeddedRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env: Record<string, string> = {};
  const stops: Array<() => Promise<void>> = [];
  const embedded: string[] = [];
  fs.mkdirSync(options.dataRoot, { recursive: true });

  try {
    if (!options.base.DATABASE_URL) {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(options.dataRoot, 'postgres'),
        port: options.pgPort,
        database: 'scanshare',
      });
      stops.push(pg.stop);
      // Audit integrity: migrations run as the cluster's superuser (DATABASE_OWNER_URL); the portal
      // connects as scanshare_app, which may not UPDATE/DELETE/TRUNCATE audit_events (lib/audit/database-roles.ts).
      env.DATABASE_OWNER_URL = pg.url;
      env.DATABASE_URL = await ensureEmbeddedAppRole(pg.url, persistentSecret(options.dataRoot, 'postgres-app-password'));
      embedded.push(`PostgreSQL on 127.0.0.1:${options.pgPort}`);
    }
    if (!options.base.S3_ENDPOINT && !options.base.S3_BUCKET) {
      const s3 = await startLocalS3({
        dataDir: path.join(options.dataRoot, 's3'),
        port: options.s3Port,
        bucket: 'scanshare',
        corsOrigins: [options.publicOrigin],
      });
      stops.push(s3.stop);
      Object.assign(env, {
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: s3.region,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
      embedded.push(`S3-compatible server on ${s3.endpoint}`);
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }

  if (!options.base.NEXTAUTH_SECRET) env.NEXTAUTH_SECRET = persistentSecret(options.dataRoot, 'nextauth-secret');
  if (!options.base.PUBLIC_ORIGIN) env.PUBLIC_ORIGIN = options.publicOrigin;
  // The demo sign-in comes with embedded defaults only, never by accident elsewhere.
  if (embedded.length === 2) {
    env.SCANSHARE_EMBEDDED = 'true';
    if (options.base.SCANSHARE_DEMO === undefined) env.SCANSHARE_DEMO = 'true';
  }
  for (const line of embedded) log(`[scanshare] embedded ${line}`);

  return {
    env,
    embedded,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err: Error) => log(`[scanshare] stop failed: ${err.message}`));
    },
  };
}
