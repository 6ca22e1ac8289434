// Runs `next build` when the sources changed since the last build, so the quick
// start serves a production build without a separate build step.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from './run-command';

const inputs = ['app', 'lib', 'db', 'public', 'next.config.js', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'instrumentation.ts', 'proxy.ts'];

function fingerprint(root: string): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      // The viewer copy is versioned by its own marker file; walking 50 MB of bundles is wasted time.
      if (p.endsWith(`${path.sep}public${path.sep}viewer`)) {
        const marker = path.join(p, '.scanshare-viewer.json');
        hash.update(fs.existsSync(marker) ? fs.readFileSync(marker) : 'no-viewer');
        return;
      }
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(root, p)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const input of inputs) walk(path.join(root, input));
  return hash.digest('hex');
}

export async function buildIfStale(root: string, log: (line: string) => void): Promise<void> {
  const marker = path.join(root, '.next', 'scanshare-build-fingerprint');
  const current = fingerprint(root);
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === current) return;
  log('[scanshare] building the portal (next build)…');
  await runCommand(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: root });
  fs.writeFileSync(marker, current);
}
