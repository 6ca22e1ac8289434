// The machine and software a result was measured on, so results from different
// days and machines can be told apart.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function git(root: string, args: string[]): string | null {
  try {
    // trimEnd only: `status --porcelain` lines start with a significant space.
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return null;
  }
}

export function machineInfo(root: string, chromium: string | null) {
  const cpus = os.cpus();
  const osRelease = fs.existsSync('/etc/os-release') ? /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  const dirty = git(root, ['status', '--porcelain']);
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: osRelease ?? `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    chromium,
    next: (readJson(path.join(root, 'node_modules', 'next', 'package.json'))?.version as string | undefined) ?? null,
    viewer: readJson(path.join(root, 'public', 'viewer', 'scanshare-setup.json')),
    gitCommit: git(root, ['rev-parse', '--short', 'HEAD']),
    // Others edit this tree while the bench runs: the build measured is HEAD plus these.
    gitUncommittedOutsideBench: dirty === null ? null : dirty.split('\n').filter(Boolean).map((l) => l.slice(3)).filter((f) => !f.startsWith('bench/')),
    loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
}
