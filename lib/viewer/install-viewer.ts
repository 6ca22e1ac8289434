// Puts a rewritten OHIF dist into public/viewer/, atomically and idempotently.
// A stamp file records the OHIF integrity and a fingerprint of everything this
// code writes; when both match, setup is a no-op (no network, no hashing of the
// 50 MB tarball), so it is safe at every `npm start` and in CI.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appConfigJs } from './app-config';
import { ensureOhifTarball } from './fetch-ohif-tarball';
import { OHIF_INTEGRITY, OHIF_VERSION, OMITTED_DIST_ENTRIES } from './ohif-release';
import {
  countPublicPathAssignments,
  rewriteAppBundleImports,
  rewriteAssetManifest,
  rewriteBundlePublicPath,
  rewriteCssUrls,
  rewriteIndexHtml,
} from './rewrite-dist';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const requireCjs = createRequire(import.meta.url);
const { VIEWER_INLINE_SCRIPTS } = requireCjs('./next-viewer-config.cjs') as { VIEWER_INLINE_SCRIPTS: readonly string[] };

// The stamp's fingerprint covers these sources too, so a change to the rewrite
// rules re-runs setup by itself.
const RULE_SOURCES = ['rewrite-dist.ts', 'install-viewer.ts', 'ohif-release.ts'];
const EXPECTED_PUBLIC_PATH_BUNDLES = 8;
export const REFRESH_SCRIPT = 'scanshare-refresh.js';
// Not a dotfile: Next answers 500 for dotfiles under public/.
export const STAMP_FILE = 'scanshare-setup.json';
const ASSET_MANIFESTS = ['manifest.json', 'assets/browserconfig.xml', 'assets/manifest.webapp', 'assets/yandex-browser-manifest.json'];

export interface InstallOptions {
  publicDir: string;
  cacheDir: string;
  force?: boolean;
  log?: (msg: string) => void;
}
export interface InstallResult {
  changed: boolean;
  viewerDir: string;
}

/** Bundles lib/viewer/refresh-client.ts (+ refresh-url.ts) into a classic script. */
export async function buildRefreshScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: "import { installRefresh } from './refresh-client';\ninstallRefresh(window as never);\n",
      loader: 'ts',
      resolveDir: HERE,
      sourcefile: 'scanshare-refresh-entry.ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    banner: { js: '// ScanShare: swaps expiring presigned instance URLs for the portal refresh route. Built from lib/viewer/refresh-url.ts.' },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the refresh script');
  return file.text;
}

function fingerprint(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

function extract(tarball: string, dest: string): Promise<void> {
  // System tar (GNU or bsdtar): no tar library is installed and none is needed.
  const excludes = OMITTED_DIST_ENTRIES.map((e) => `--exclude=package/dist/${e}`);
  const args = ['-xzf', tarball, '-m', '-C', dest, '--strip-components=2', ...excludes, 'package/dist'];
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}: ${err.trim()}`))));
  });
}

async function rewriteFile(file: string, transform: (text: string) => string): Promise<void> {
  await writeFile(file, transform(await readFile(file, 'utf8')));
}

async function rewriteDist(dir: string, refreshJs: string, configJs: string): Promise<void> {
  const names = await readdir(dir);
  let rewritten = 0;
  for (const name of names.filter((n) => n.endsWith('.js'))) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    if (countPublicPathAssignments(text) === 0) continue;
    let out = rewriteBundlePublicPath(text, name);
    if (name.startsWith('app.bundle.')) out = rewriteAppBundleImports(out, name);
    await writeFile(file, out);
    rewritten += 1;
  }
  if (rewritten !== EXPECTED_PUBLIC_PATH_BUNDLES) {
    throw new Error(`expected ${EXPECTED_PUBLIC_PATH_BUNDLES} bundles with a webpack public path, rewrote ${rewritten}`);
  }
  for (const name of names.filter((n) => n.endsWith('.css'))) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    if (/url\(["']?\/(?!\/)/.test(text)) await writeFile(file, rewriteCssUrls(text, name));
  }
  for (const rel of ASSET_MANIFESTS) await rewriteFile(path.join(dir, rel), (t) => rewriteAssetManifest(t, rel));
  await rewriteFile(path.join(dir, 'index.html'), (t) => rewriteIndexHtml(t, REFRESH_SCRIPT, VIEWER_INLINE_SCRIPTS));
  await writeFile(path.join(dir, REFRESH_SCRIPT), refreshJs);
  await writeFile(path.join(dir, 'app-config.js'), configJs);
}

/** Removes leftovers of interrupted runs (older than an hour, so never a concurrent run's). */
async function sweepLeftovers(publicDir: string): Promise<void> {
  const cutoff = Date.now() - 3600_000;
  for (const name of await readdir(publicDir)) {
    if (!/^\.viewer-(staging|old)-/.test(name)) continue;
    const full = path.join(publicDir, name);
    const info = await stat(full).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(full, { recursive: true, force: true });
  }
}

export async function installViewer(opts: InstallOptions): Promise<InstallResult> {
  const log = opts.log ?? (() => {});
  const viewerDir = path.join(opts.publicDir, 'viewer');
  const stampFile = path.join(viewerDir, STAMP_FILE);
  const refreshJs = await buildRefreshScript();
  const configJs = appConfigJs();
  const rules = await Promise.all(RULE_SOURCES.map((f) => readFile(path.join(HERE, f), 'utf8')));
  const stamp = {
    ohif: OHIF_VERSION,
    integrity: OHIF_INTEGRITY,
    fingerprint: fingerprint([...rules, refreshJs, configJs, ...VIEWER_INLINE_SCRIPTS]),
  };
  const current = (await readJson(stampFile)) as typeof stamp | null;
  const intact = await stat(path.join(viewerDir, 'index.html')).then(() => true, () => false);
  if (!opts.force && intact && current?.integrity === stamp.integrity && current.fingerprint === stamp.fingerprint) {
    return { changed: false, viewerDir };
  }

  const tarball = await ensureOhifTarball(opts.cacheDir, log);
  await mkdir(opts.publicDir, { recursive: true });
  await sweepLeftovers(opts.publicDir);
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = path.join(opts.publicDir, `.viewer-staging-${suffix}`);
  const old = path.join(opts.publicDir, `.viewer-old-${suffix}`);
  await mkdir(staging);
  try {
    log(`unpacking OHIF ${OHIF_VERSION} dist (without ${OMITTED_DIST_ENTRIES.join(', ')})`);
    await extract(tarball, staging);
    await rewriteDist(staging, refreshJs, configJs);
    await writeFile(path.join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    // Swap: the old copy stays whole until the new one is complete.
    const hadOld = await rename(viewerDir, old).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    });
    const placed = await rename(staging, viewerDir).then(() => true, async (e: NodeJS.ErrnoException) => {
      // A concurrent run (npm start and a test, say) got there first with the same content.
      const theirs = (await readJson(stampFile)) as typeof stamp | null;
      if ((e.code === 'ENOTEMPTY' || e.code === 'EEXIST') && theirs?.fingerprint === stamp.fingerprint) return false;
      throw e;
    });
    if (hadOld) await rm(old, { recursive: true, force: true });
    if (!placed) {
      await rm(staging, { recursive: true, force: true });
      return { changed: false, viewerDir };
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { changed: true, viewerDir };
}
