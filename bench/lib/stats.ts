// Summary statistics for a list of samples. p99 uses the nearest-rank method,
// so with fewer than 100 samples it is the maximum: say how many runs there were.

export type Summary = { runs: number; median: number; min: number; max: number; p99: number; mean: number };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(values: readonly number[], digits = 1): Summary {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const round = (v: number) => Number(v.toFixed(digits));
  const mean = s.length ? s.reduce((n, v) => n + v, 0) / s.length : Number.NaN;
  return {
    runs: s.length,
    median: round(median(s)),
    min: round(s[0] ?? Number.NaN),
    max: round(s[s.length - 1] ?? Number.NaN),
    p99: round(percentile(s, 99)),
    mean: round(mean),
  };
}

export const mb = (bytes: number) => bytes / 1e6;
export const mbPerSecond = (bytes: number, ms: number) => Number((bytes / 1e6 / (ms / 1000)).toFixed(1));
