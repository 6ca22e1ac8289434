import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres, startThrowawayPostgres } from '@/lib/embedded/embedded-postgres';
import { findFreePort } from '@/lib/embedded/free-port';
import { locatePostgresBinaries, reachablePostgresBinaries } from '@/lib/embedded/postgres-binaries';
import { isAlive } from '@/lib/embedded/postgres-process';
import { ensurePostgresOsUser, isRoot } from '@/lib/embedded/run-as';

const SUPPORT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'pg-child.ts');
const tempDirs: string[] = [];
after(async () => {
  for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scanshare-pg-test-'));
  await fs.chmod(dir, 0o755); // mkdtemp makes it 0700, which the postgres OS user (as root) cannot enter
  tempDirs.push(dir);
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function postmasterPid(home: string): Promise<number> {
  return Number((await fs.readFile(path.join(home, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
}

const quiet = { log: () => undefined, durable: false };

describe('embedded PostgreSQL', { timeout: 120_000 }, () => {
  it('[PG] a fresh cluster serves PostgreSQL 18 and keeps its data and password across a restart', async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', log: () => undefined });
    try {
      const [row] = await query<{ version: string }>(first.url, 'select version()');
      assert.match(row?.version ?? '', /^PostgreSQL 18\./);
      await query(first.url, `create table kept (value text); insert into kept values ('survives restarts')`);
    } finally {
      await first.stop();
    }
    const password = await fs.stat(path.join(dataDir, 'password'));
    assert.equal(password.mode & 0o077, 0, 'the generated password is readable by its owner only');

    const second = await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', log: () => undefined });
    try {
      assert.equal(second.url, first.url);
      assert.deepEqual(await query(second.url, 'select value from kept'), [{ value: 'survives restarts' }]);
    } finally {
      await second.stop();
    }
  });

  it('[PG] as root, a data folder only itself closed (mkdtemp, 0700) is made traversable instead of moved', { skip: !isRoot() }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scanshare-pg-test-'));
    tempDirs.push(dataDir);
    const logs: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'scanshare', ...quiet, log: (l) => logs.push(l) });
    try {
      assert.equal(server.dataDir, dataDir);
      assert.equal((await fs.stat(dataDir)).mode & 0o077, 0o011, 'others may traverse, not list');
      assert.match(logs.join('\n'), /Made .* traversable by others/);
    } finally {
      await server.stop();
    }
  });

  it('[PG] stop() really stops the server: the port closes and its process is gone', async () => {
    const server = await startThrowawayPostgres({ log: () => undefined });
    const pid = await postmasterPid(server.dataDir);
    assert.equal(await portAnswers(server.port), true);
    await server.stop();
    assert.equal(await portAnswers(server.port), false);
    assert.equal(isAlive(pid), false);
    await assert.rejects(fs.stat(server.dataDir), 'a throwaway cluster is deleted on stop');
  });

  it('[PG] a stale postmaster.pid left by a crash is cleared and the cluster starts', async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    const logs: string[] = [];
    await (await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet })).stop();
    const gone = spawnSync('true');
    await fs.writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), `${gone.pid}\n${dataDir}/pgdata\n0\n${port}\n\n127.0.0.1\n0 0\nready   \n`);
    const server = await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet, log: (l) => logs.push(l) });
    try {
      assert.equal((await query(server.url, 'select 1 as one'))[0]?.one, 1);
      assert.match(logs.join('\n'), /Removed a stale postmaster\.pid/);
    } finally {
      await server.stop();
    }
  });

  it('[PG] a server left running on the data folder with no live owner is stopped and replaced', async (t) => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    await (await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet })).stop();
    // An orphan, as a crashed run leaves it where no parent-death signal exists: started outside our code.
    const runAs = isRoot() ? ensurePostgresOsUser(() => undefined) : undefined;
    // The binaries the postgres user can run: a clone under a 0700 folder gets the /var/tmp copy, as in start-up.
    const binaries = await reachablePostgresBinaries(await locatePostgresBinaries(), runAs, () => undefined);
    const orphan = spawn(binaries.postgres, ['-D', path.join(dataDir, 'pgdata'), '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      cwd: dataDir, detached: true, stdio: 'ignore', ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    orphan.unref();
    t.after(() => { if (orphan.pid && isAlive(orphan.pid)) process.kill(orphan.pid, 'SIGINT'); });
    assert.ok(await waitUntil(() => portAnswers(port), 10_000), 'the orphan is up');

    const logs: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet, log: (l) => logs.push(l) });
    try {
      assert.match(logs.join('\n'), new RegExp(`Stopping PostgreSQL \\(pid ${orphan.pid}\\)`));
      assert.equal(isAlive(orphan.pid ?? 0), false);
      assert.notEqual(await postmasterPid(dataDir), orphan.pid);
      assert.equal((await query(server.url, 'select 1 as one'))[0]?.one, 1);
    } finally {
      await server.stop();
    }
  });

  it('[PG] when the owning process is killed, even by SIGKILL, its server shuts down', { skip: process.platform !== 'linux', timeout: 30_000 }, async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    const child = spawn(process.execPath, ['--import', 'tsx', SUPPORT, dataDir, String(port), 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const home = (JSON.parse(line.toString()) as { dataDir: string }).dataDir;
      const pid = await postmasterPid(home);
      assert.equal(isAlive(pid), true);
      child.kill('SIGKILL');
      assert.ok(await waitUntil(() => !isAlive(pid), 10_000), 'PostgreSQL exits after its owner is killed');
      assert.equal(await portAnswers(port), false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('[PG] a second start on a data folder in use is refused with a clear error', async () => {
    const server = await startThrowawayPostgres({ log: () => undefined });
    try {
      await assert.rejects(
        startEmbeddedPostgres({ dataDir: server.dataDir, port: await findFreePort(), database: 'x', ...quiet }),
        /already running \(pid \d+\), started by this process/,
      );
      assert.equal((await query(server.url, 'select 1 as one'))[0]?.one, 1, 'the running server is untouched');
    } finally {
      await server.stop();
    }
  });

  it('[PG] a server that cannot start fails fast with the tail of its log', async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    await (await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet })).stop();
    await fs.appendFile(path.join(dataDir, 'pgdata', 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");
    await assert.rejects(
      startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet }),
      /exited during start-up[\s\S]*Last lines of .*postgres\.log:[\s\S]*shared_buffers/,
    );
  });

  it('[PG] a start-up over its time limit fails with a readable error and leaves no server behind', async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    await (await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet })).stop();
    await assert.rejects(
      startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet, startTimeoutMs: 1 }),
      /did not become ready within 1 ms on port \d+\. Last lines of/,
    );
    assert.equal(await portAnswers(port), false);
    const server = await startEmbeddedPostgres({ dataDir, port, database: 'scanshare', ...quiet });
    await server.stop();
  });
});
