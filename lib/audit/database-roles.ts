// The two database roles the audit trail's integrity rests on. Migrations run as the
// owner of the schema; the portal connects as scanshare_app (or a login that is a
// member of it), which may only SELECT and INSERT audit_events. A superuser can switch
// the append-only triggers off and the owner can drop them, so the portal must be
// neither: `npm start` refuses to serve otherwise (scripts/start.ts).
import pg from 'pg';

export const appRoleName = 'scanshare_app';

/** The environment for the portal process: everything but the owner's URL, which is for migrations only. */
export function withoutOwnerUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const portalEnv = { ...env };
  delete portalEnv.DATABASE_OWNER_URL;
  return portalEnv;
}

/**
 * Embedded defaults: makes scanshare_app a login role with `password` (creating it on
 * first start) and returns the URL the portal uses. `ownerUrl` is the cluster's superuser.
 * The privileges come from migrations/0004_audit_runtime_role.sql.
 */
export async function ensureEmbeddedAppRole(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const role = client.escapeIdentifier(appRoleName);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRoleName]);
    if (exists.rowCount === 0) await client.query(`CREATE ROLE ${role}`);
    await client.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = appRoleName;
  url.password = password; // base64url: nothing to escape
  return url.toString();
}

/**
 * What is wrong with letting the portal connect as `databaseUrl`'s role, as readable
 * sentences; empty when it is fit (not a superuser, not the audit table's owner, no
 * UPDATE/DELETE/TRUNCATE on it). Run after migrating.
 */
export async function runtimeRoleProblems(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; superuser: boolean; owner: boolean | null; rewrite: string[] | null }>(`
      SELECT current_user AS role,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
             (SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c WHERE c.oid = to_regclass('audit_events')) AS owner,
             (SELECT array_remove(ARRAY[
                       CASE WHEN has_table_privilege('audit_events', 'UPDATE') THEN 'UPDATE' END,
                       CASE WHEN has_table_privilege('audit_events', 'DELETE') THEN 'DELETE' END,
                       CASE WHEN has_table_privilege('audit_events', 'TRUNCATE') THEN 'TRUNCATE' END], NULL)
               WHERE to_regclass('audit_events') IS NOT NULL) AS rewrite`);
    const r = rows[0]!;
    const problems: string[] = [];
    if (r.superuser) problems.push(`${r.role} is a superuser (it could switch the audit triggers off)`);
    if (r.owner === null) problems.push('audit_events does not exist: run the migrations first');
    else if (r.owner) problems.push(`${r.role} owns audit_events (it could drop or disable its triggers)`);
    if (r.rewrite && r.rewrite.length > 0) problems.push(`${r.role} may ${r.rewrite.join('/')} audit_events`);
    return problems;
  } finally {
    await client.end();
  }
}
