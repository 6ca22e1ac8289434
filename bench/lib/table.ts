// The readable summary printed at the end of `npm run bench`.
import type { Target } from './report';
import type { Summary } from './stats';

type Row = [string, Summary | null, string?];

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function printTable(title: string, rows: Row[], print: (line: string) => void): void {
  const header = ['', 'median', 'min', 'max', 'p99', 'runs', 'target'];
  const body = rows.map(([name, s, target]) =>
    s && s.runs > 0 ? [name, String(s.median), String(s.min), String(s.max), String(s.p99), String(s.runs), target ?? ''] : [name, '—', '', '', '', '0', target ?? ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  print('');
  print(title);
  print(pad(header, widths));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) print(pad(r, widths));
}

export function printPhases(phasesByMode: Record<string, Record<string, number | null>>, print: (line: string) => void): void {
  const modes = Object.keys(phasesByMode);
  const phases = [...new Set(modes.flatMap((m) => Object.keys(phasesByMode[m]!)))];
  if (phases.length === 0) return;
  const widths = [Math.max(...phases.map((p) => p.length)), ...modes.map((m) => Math.max(m.length, 6))];
  print('');
  print('First image: where the time goes (median ms after the click)');
  print(pad(['phase', ...modes], widths));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const p of phases) print(pad([p, ...modes.map((m) => String(phasesByMode[m]![p] ?? '—'))], widths));
}

export function printTargets(targets: Target[], print: (line: string) => void): void {
  print('');
  print('Targets');
  const widths = [Math.max(...targets.map((t) => t.figure.length)), 12, 10, 8];
  for (const t of targets) {
    const verdict = t.met === null ? 'n/a' : t.met ? 'MET' : 'MISSED';
    print(pad([t.figure, t.value === null ? '—' : `${t.value} ${t.unit}`, t.target, verdict], widths));
  }
}
