// How busy the machine is (all processes, not only ours), from /proc/stat. Other
// people run builds and tests on this 2-core machine; a figure taken while it was
// busy is reported as such rather than silently slower.
import fs from 'node:fs';

type Ticks = { busy: number; total: number };

function readTicks(): Ticks {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  const total = cpu.reduce((n, v) => n + v, 0);
  return { busy: total - idle, total };
}

/** Percentage of all cores busy over the next `ms` milliseconds. */
export async function cpuBusyPercent(ms = 1000): Promise<number> {
  const a = readTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = readTicks();
  return Number(((100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total)).toFixed(0));
}

/**
 * Waits (bounded) for the machine to be mostly idle before a timed section, and
 * returns how busy it was when the section started.
 */
export async function waitForQuiet(log: (line: string) => void, maxWaitMs = 30_000, thresholdPercent = 25): Promise<number> {
  const started = Date.now();
  let busy = await cpuBusyPercent();
  while (busy > thresholdPercent && Date.now() - started < maxWaitMs) {
    log(`  machine ${busy}% busy (other processes); waiting for it to settle…`);
    busy = await cpuBusyPercent(2000);
  }
  return busy;
}

/** Tracks the machine's busy percentage across a section (includes our own load). */
export function startBusyMeter(): () => number {
  const a = readTicks();
  return () => {
    const b = readTicks();
    return Number(((100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total)).toFixed(0));
  };
}
