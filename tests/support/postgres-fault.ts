// Fault injection for the tests' own PostgreSQL (the one DATABASE_URL names):
// freeze every process of that cluster (SIGSTOP: the database is there but answers
// nothing, the worst case for a client) and thaw it (SIGCONT). The postmaster is
// found as the parent of our own backend, so only this cluster's processes are
// touched, never another PostgreSQL on the machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const parentOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

async function postmasterPid(): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return parentOf(rows[0]!.pid);
  } finally {
    await client.end();
  }
}

function withChildren(postmaster: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch { /* pgrep exits 1 when there are none */ }
  return [postmaster, ...children];
}

/** Freezes the cluster; returns the function that thaws it. */
export async function freezePostgres(): Promise<() => void> {
  const postmaster = await postmasterPid();
  for (const pid of withChildren(postmaster)) process.kill(pid, 'SIGSTOP');
  return () => { for (const pid of withChildren(postmaster)) process.kill(pid, 'SIGCONT'); };
}
