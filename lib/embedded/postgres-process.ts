// One PostgreSQL server process: find and clear what a crashed run left behind, start it,
// wait until it is ready (bounded), stop it for real.
//
// Invariants:
// - The server runs in its own process group (Ctrl+C in a terminal does not hit it; its owner stops it
//   in order) and, on Linux, with a parent-death signal (setpriv --pdeathsig): if the owning Node process
//   dies, even by SIGKILL, PostgreSQL gets SIGINT (fast shutdown) instead of running forever.
// - A server found running on our data folder whose owner is gone is an orphan: it is stopped.
//   One whose owner is alive is in use: we refuse with a clear error instead of killing it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serverEnv, type RunAs } from '@/lib/embedded/run-as';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Last lines of a log file, for error messages. */
export async function tailOf(file: string, lines = 20): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an unreaped dead child still answers kill(pid, 0)). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat ? stat.state !== 'Z' && stat.state !== 'X' : true;
}

function parentOf(pid: number): number | undefined {
  const stat = procStat(pid);
  if (stat) return stat.ppid;
  const ps = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
  const ppid = Number.parseInt(ps.stdout?.trim() ?? '', 10);
  return Number.isInteger(ppid) ? ppid : undefined;
}

/** Is `pid` a live postmaster serving `pgdata`? (A postmaster's working directory is its data folder.) */
function isPostmasterOf(pid: number, pgdata: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readlinkSync(`/proc/${pid}/cwd`) === realpathSync(pgdata);
  } catch {
    if (existsSync('/proc/self')) return false; // Linux: no cwd → not a live process we can own
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
    return (ps.stdout ?? '').includes('postgres');
  }
}

/** Signals a process and waits for it to be gone: SIGINT (fast shutdown), then SIGQUIT, then SIGKILL. */
async function terminate(pid: number, signal: (sig: NodeJS.Signals) => void): Promise<void> {
  for (const [sig, waitMs] of [['SIGINT', 20_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    if (!isAlive(pid)) return;
    try {
      signal(sig);
    } catch {
      return; // already gone
    }
    for (let waited = 0; waited < waitMs && isAlive(pid); waited += 50) await sleep(50);
  }
}

interface OwnerRecord {
  ownerPid: number;
  postmasterPid: number;
}

export async function writeOwner(file: string, record: OwnerRecord): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify(record)}\n`);
}

async function readOwner(file: string): Promise<OwnerRecord | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<OwnerRecord>;
    return typeof parsed.ownerPid === 'number' ? (parsed as OwnerRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Clears what a crashed run left on `pgdata`: a stale postmaster.pid (its process is gone) is removed;
 * a postmaster still running with no live owner is stopped. Throws when the data folder is in use.
 */
export async function clearLeftovers(pgdata: string, ownerFile: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);

  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, pgdata)) {
    await fs.rm(pidFile, { force: true });
    log(`[embedded-postgres] Removed a stale postmaster.pid in ${pgdata} (process ${pid} is not running).`);
    return;
  }
  const owner = await readOwner(ownerFile);
  if (owner && owner.postmasterPid === pid && parentOf(pid) === owner.ownerPid && isAlive(owner.ownerPid)) {
    const who = owner.ownerPid === process.pid ? 'this process' : `process ${owner.ownerPid}, which is still running`;
    throw new Error(
      `PostgreSQL on ${pgdata} is already running (pid ${pid}), started by ${who}. ` +
        'Stop it first, or use another data folder.',
    );
  }
  log(`[embedded-postgres] Stopping PostgreSQL (pid ${pid}) left running on ${pgdata} with no live owner (a crashed earlier run).`);
  await terminate(pid, (sig) => process.kill(pid, sig));
  if (isAlive(pid)) throw new Error(`Could not stop the orphaned PostgreSQL (pid ${pid}) on ${pgdata}.`);
  await fs.rm(pidFile, { force: true }); // left behind only if it had to be killed
  await fs.rm(ownerFile, { force: true });
}

let setprivPdeathsig: boolean | undefined;
function canUsePdeathsig(): boolean {
  if (setprivPdeathsig === undefined) {
    setprivPdeathsig =
      process.platform === 'linux' &&
      spawnSync('setpriv', ['--pdeathsig', 'INT', '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  }
  return setprivPdeathsig;
}

export interface ServerSpec {
  postgres: string;
  pgdata: string;
  port: number;
  settings: Record<string, string>;
  runAs: RunAs | undefined;
  cwd: string;
  logFile: string;
  startTimeoutMs: number;
}

export interface RunningServer {
  pid: number;
  /** Resolves when the server process has exited, however that happened. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

async function openLog(logFile: string) {
  const size = await fs.stat(logFile).then((s) => s.size, () => 0);
  const handle = await fs.open(logFile, size > 5 * 1024 * 1024 ? 'w' : 'a', 0o600);
  await handle.write(`--- ${new Date().toISOString()} starting PostgreSQL (owner pid ${process.pid}) ---\n`);
  return handle;
}

function readyPid(pgdata: string): number | undefined {
  try {
    // postmaster.pid: line 1 pid … line 8 status; "ready" once it accepts connections (what pg_ctl waits for).
    const lines = readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
    return lines[7]?.trim() === 'ready' ? Number(lines[0]) : undefined;
  } catch {
    return undefined;
  }
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const args = ['-D', spec.pgdata, '-p', String(spec.port)];
  for (const [name, value] of Object.entries(spec.settings)) args.push('-c', `${name}=${value}`);
  const [command, commandArgs] = canUsePdeathsig()
    ? ['setpriv', ['--pdeathsig', 'INT', '--', spec.postgres, ...args]]
    : [spec.postgres, args];

  const log = await openLog(spec.logFile);
  let child: ChildProcess;
  try {
    child = spawn(command, commandArgs, {
      cwd: spec.cwd,
      env: serverEnv(),
      stdio: ['ignore', log.fd, log.fd],
      detached: true,
      ...(spec.runAs ? { uid: spec.runAs.uid, gid: spec.runAs.gid } : {}),
    });
  } finally {
    await log.close(); // the child holds its own copy of the descriptor
  }

  let spawnError: Error | undefined;
  let exitCode: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exitCode = signal ?? String(code);
      resolve();
    });
  });
  // The server does not keep its owner alive: when the owner's event loop is done, or it exits,
  // the server gets SIGINT (fast shutdown); pdeathsig covers crashes.
  child.unref();
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);
  exited.then(() => process.off('exit', onExit), () => undefined);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      child.ref(); // keep the event loop alive until the exit is seen
      if (child.pid !== undefined && exitCode === undefined && !spawnError) {
        await terminate(child.pid, (sig) => child.kill(sig));
      }
      await exited;
    })());

  const pid = child.pid;
  const deadline = Date.now() + spec.startTimeoutMs;
  for (;;) {
    if (spawnError || exitCode !== undefined) {
      const why = spawnError ? `could not be started (${spawnError.message})` : `exited during start-up (${exitCode})`;
      throw new Error(`PostgreSQL ${why}. Last lines of ${spec.logFile}:\n${await tailOf(spec.logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `PostgreSQL did not become ready within ${spec.startTimeoutMs} ms on port ${spec.port}. ` +
          `Last lines of ${spec.logFile}:\n${await tailOf(spec.logFile)}`,
      );
    }
    if (pid !== undefined && readyPid(spec.pgdata) === pid) return { pid, exited, stop };
    await Promise.race([sleep(25), exited]);
  }
}
