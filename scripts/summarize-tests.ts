// Sums the suites' results into the one closing line CI reads:
// "N passed, N failed". Exits non-zero when anything failed or a suite left no result.
import fs from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of files) {
  if (!fs.existsSync(file)) {
    console.error(`no results in ${file}: that suite did not run to the end`);
    failed += 1;
    continue;
  }
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const stats = JSON.parse(text).stats as { expected: number; unexpected: number; flaky: number; skipped: number };
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  } else {
    // node:test TAP: the last "# pass N" / "# fail N" lines are the run's totals.
    const count = (name: string) => Number([...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? NaN);
    const p = count('pass');
    const f = count('fail');
    if (Number.isNaN(p) || Number.isNaN(f)) {
      console.error(`unreadable results in ${file}`);
      failed += 1;
      continue;
    }
    passed += p;
    failed += f + (count('cancelled') || 0);
    skipped += count('skipped') || 0;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
