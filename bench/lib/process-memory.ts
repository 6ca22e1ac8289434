// Memory of the process that actually serves a port (`next start` hands the
// socket to a child, "next-server"; scripts/portal-server.mjs serves it itself), so
// the pid is found from the listening socket (/proc/net/tcp → inode → /proc/<pid>/fd).
import fs from 'node:fs';

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] local address "IP:PORT", cols[3] state (0A = LISTEN), cols[9] inode
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid listening on 127.0.0.1/::1 `port`, or throws. */
export function pidListeningOn(port: number): number {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) throw new Error(`nothing listens on port ${port}`);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && inodes.has(m[1]!)) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  throw new Error(`no process owns the socket listening on port ${port}`);
}

export function processName(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** VmRSS and VmHWM (peak RSS since start or since the last reset), in bytes. */
export function readRss(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the kernel's peak-RSS counter (VmHWM) of a process; needs root or the same user. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export type RssReport = {
  pid: number;
  process: string;
  baselineMB: number;
  peakMB: number;
  endMB: number;
  peakGrowthMB: number;
  samples: number;
  /** Whether the kernel's own peak counter (reset at the start) was used besides sampling. */
  kernelPeak: boolean;
};

/** Samples the RSS of `pid` every `intervalMs` while `work` runs; peak = max(samples, kernel VmHWM). */
export async function withRssSampling<T>(pid: number, work: () => Promise<T>, intervalMs = 20): Promise<{ result: T; rss: RssReport }> {
  const kernelPeak = resetPeak(pid);
  const baseline = readRss(pid).rss;
  let peak = baseline;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readRss(pid).rss);
      samples += 1;
    } catch {
      // process gone: reported by the work itself
    }
  }, intervalMs);
  try {
    const result = await work();
    const end = readRss(pid);
    if (kernelPeak) peak = Math.max(peak, end.hwm);
    peak = Math.max(peak, end.rss);
    const toMB = (b: number) => Number((b / 1e6).toFixed(1));
    return {
      result,
      rss: { pid, process: processName(pid), baselineMB: toMB(baseline), peakMB: toMB(peak), endMB: toMB(end.rss), peakGrowthMB: toMB(peak - baseline), samples, kernelPeak },
    };
  } finally {
    clearInterval(timer);
  }
}
