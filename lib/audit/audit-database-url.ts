// Which database the audit command-line tools (audit:verify, audit:export-head) read:
// --database-url, else DATABASE_URL, else the embedded default cluster under .data/
// (as scanshare_app, while `npm start` or `tsx scripts/services.ts` runs it). They
// need only SELECT on audit_events, so the runtime role is enough.
import fs from 'node:fs';
import path from 'node:path';
import { appRoleName } from './database-roles';

export function auditDatabaseUrl(explicit: string | undefined, source: Record<string, string | undefined> = process.env): string {
  const given = explicit ?? source.DATABASE_URL;
  if (given) {
    if (!/^postgres(ql)?:\/\//.test(given)) throw new Error('the database URL must be a postgres:// URL');
    return given;
  }
  const secret = path.join(process.cwd(), '.data', 'secrets', 'postgres-app-password');
  if (!fs.existsSync(secret)) {
    throw new Error('set DATABASE_URL (or --database-url); no embedded database found under .data/ (run `npm start` once)');
  }
  const port = Number(source.SCANSHARE_PG_PORT ?? 15432);
  const password = encodeURIComponent(fs.readFileSync(secret, 'utf8').trim());
  return `postgresql://${appRoleName}:${password}@127.0.0.1:${port}/scanshare`;
}
