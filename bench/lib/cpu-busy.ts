// How busy the machine is, split into our own process tree (the bench, the
// portal, PostgreSQL, the S3 server, Chromium: all descendants of bench/run.ts)
// and everything else. Other people run builds and tests on this 2-core machine;
// a figure taken while they did is reported as such rather than silently slower.
import fs from 'node:fs';

const rootPid = Number(process.env.BENCH_ROOT_PID ?? process.pid);

function totalTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  const total = cpu.reduce((n, v) => n + v, 0);
  return { busy: total - idle, total };
}

type Sample = { ours: number; others: Map<number, { comm: string; ticks: number }> };

/** CPU ticks of `rootPid` and its live descendants (plus what their reaped children used), and of every other process. */
function sampleProcesses(): Sample {
  const parent = new Map<number, number>();
  const procs = new Map<number, { comm: string; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // after "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14)
      parent.set(Number(entry), Number(f[1]));
      procs.set(Number(entry), { comm, ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // exited meanwhile
    }
  }
  let ours = 0;
  const others = new Map<number, { comm: string; ticks: number }>();
  for (const [pid, p] of procs) {
    let mine = false;
    for (let q: number | undefined = pid; q !== undefined && q > 1; q = parent.get(q)) {
      if (q === rootPid) {
        mine = true;
        break;
      }
    }
    if (mine) ours += p.ticks;
    else others.set(pid, p);
  }
  return { ours, others };
}

export type Busy = { machinePercent: number; othersPercent: number; topOthers: string[] };

/** Starts a meter; calling the result gives the busy percentages since the start. */
export function startBusyMeter(): () => Busy {
  const a = totalTicks();
  const sampleA = sampleProcesses();
  return () => {
    const b = totalTicks();
    const sampleB = sampleProcesses();
    const ours = sampleB.ours - sampleA.ours;
    const span = Math.max(1, b.total - a.total);
    const topOthers = [...sampleB.others]
      .map(([pid, p]) => ({ pid, comm: p.comm, delta: p.ticks - (sampleA.others.get(pid)?.ticks ?? p.ticks) }))
      .filter((p) => p.delta > 0)
      .sort((x, y) => y.delta - x.delta)
      .slice(0, 3)
      .map((p) => `${p.comm}[${p.pid}] ${Math.round((100 * p.delta) / span)}%`);
    return {
      machinePercent: Math.round((100 * (b.busy - a.busy)) / span),
      othersPercent: Math.max(0, Math.round((100 * (b.busy - a.busy - ours)) / span)),
      topOthers,
    };
  };
}

async function busyOver(ms: number): Promise<Busy> {
  const meter = startBusyMeter();
  await new Promise((r) => setTimeout(r, ms));
  return meter();
}

/** Total time the whole bench may spend waiting for other processes, so it stays within its time box. */
let quietBudgetMs = Number(process.env.BENCH_QUIET_BUDGET_MS ?? 180_000);

/**
 * Before a timed section: waits (bounded per call and for the whole bench) until
 * processes outside the bench use less than `thresholdPercent` of the machine,
 * and returns how busy they were when the section started.
 */
export async function waitForQuiet(log: (line: string) => void, maxWaitMs = 30_000, thresholdPercent = 15): Promise<number> {
  const started = Date.now();
  let busy = await busyOver(1000);
  while (busy.othersPercent > thresholdPercent && Date.now() - started < maxWaitMs && quietBudgetMs > 0) {
    log(`  other processes use ${busy.othersPercent}% of the machine (${busy.topOthers.join(', ')}); waiting…`);
    const t = Date.now();
    busy = await busyOver(3000);
    quietBudgetMs -= Date.now() - t;
  }
  if (busy.othersPercent > thresholdPercent) log(`  measuring anyway: other processes use ${busy.othersPercent}% of the machine (${busy.topOthers.join(', ')})`);
  return busy.othersPercent;
}
