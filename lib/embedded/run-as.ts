// Who runs the embedded PostgreSQL, and what that OS user can reach.
// PostgreSQL refuses to run as root, so as root we run it as the `postgres` OS user
// (created if missing). Node's spawn({ uid, gid }) drops root's supplementary groups
// before exec, so a check run the same way sees exactly what the server will see.
import { spawnSync } from 'node:child_process';

export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookupId(flag: '-u' | '-g', name: string): number | undefined {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8', timeout: 5000 });
  if (result.status !== 0) return undefined;
  const id = Number.parseInt(result.stdout.trim(), 10);
  return Number.isInteger(id) ? id : undefined;
}

function lookupUser(name: string): RunAs | undefined {
  const uid = lookupId('-u', name);
  const gid = lookupId('-g', name);
  return uid === undefined || gid === undefined ? undefined : { name, uid, gid };
}

/** As root: the `postgres` OS user, created (system user, no login) if it does not exist. */
export function ensurePostgresOsUser(log: (line: string) => void): RunAs {
  const name = 'postgres';
  const existing = lookupUser(name);
  if (existing) return existing;
  const attempts: Array<[string, string[]]> = [
    ['useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]],
    ['adduser', ['-S', '-D', '-H', name]], // busybox (Alpine)
  ];
  for (const [cmd, args] of attempts) {
    const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15000 });
    const created = result.status === 0 ? lookupUser(name) : undefined;
    if (created) {
      log(`[embedded-postgres] Created the "${name}" OS user to run PostgreSQL (it refuses to run as root).`);
      return created;
    }
  }
  throw new Error(
    `PostgreSQL cannot run as root and the "${name}" OS user does not exist; creating it with useradd/adduser failed. ` +
      `Create it (e.g. \`useradd --system --user-group ${name}\`) or run as a non-root user.`,
  );
}

export type AccessFlag = '-x' | '-r' | '-w' | '-d';

/**
 * True when `user` passes every `test <flag> <path>` check. Runs `sh` as that user,
 * so parent folders it cannot traverse (mode 0700) make the checks fail, as they would for the server.
 */
export function userCanAccess(user: RunAs, checks: ReadonlyArray<readonly [AccessFlag, string]>): boolean {
  const script = checks.map(([flag], i) => `test ${flag} "$${i + 1}"`).join(' && ');
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', ...checks.map(([, p]) => p)], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status === 0;
}

/** A minimal, predictable environment for PostgreSQL's programs (no PG* variables leaking in). */
export function serverEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env as NodeJS.ProcessEnv;
}
