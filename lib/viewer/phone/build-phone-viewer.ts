// Puts the small-screen viewer's engine in public/phone-viewer/ (gitignored), served
// by Next as static files under /phone-viewer/. Run by scripts/setup-viewer.ts
// before `next build`, like the OHIF copy.
//
// Why esbuild here and not Next's own bundler: Cornerstone's image loader starts a
// module worker (`new Worker(new URL('./decodeImageFrameWorker.js', import.meta.url))`)
// and its codecs load wasm through package-relative URLs; built once as two plain
// ES modules beside the wasm files, those URLs resolve to files we control, and
// `next build` (2 cores) never walks vtk.js and Cornerstone's ~10 MB of sources.
// Idempotent: a stamp of the sources and package versions makes a re-run a no-op
// (nothing rewritten, so the portal's build fingerprint stays the same).
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..', '..');

/** The URL prefix (and public/ folder name) the engine is served under. */
export const PHONE_VIEWER_BASE = '/phone-viewer';
export const PHONE_VIEWER_STAMP = 'scanshare-phone-viewer.json';
const SOURCES = ['engine.ts', 'engine-types.ts', 'build-phone-viewer.ts'];
const PACKAGES = ['@cornerstonejs/core', '@cornerstonejs/tools', '@cornerstonejs/dicom-image-loader', 'esbuild'];

/**
 * The decoders' wasm, under the names the image loader asks for
 * (dicom-image-loader shared/decoders/*: resolveWasmUrl(name, …)) once
 * `wasmBasePath` points here.
 */
const WASM_FILES: Array<[pkg: string, file: string]> = [
  ['@cornerstonejs/codec-charls', 'dist/charlswasm_decode.wasm'],
  ['@cornerstonejs/codec-openjpeg', 'dist/openjpegwasm_decode.wasm'],
  ['@cornerstonejs/codec-libjpeg-turbo-8bit', 'dist/libjpegturbowasm_decode.wasm'],
  ['@cornerstonejs/codec-openjph', 'dist/openjphjs.wasm'],
  ['@cornerstonejs/codec-libjxl', 'dist/jpegxlwasm_decode.wasm'],
];

// The emscripten glue of the codecs (and an XML helper of vtk.js) `require` Node
// built-ins on a branch taken only under Node; in the browser they are never called.
const nodeBuiltinsAsEmpty: Plugin = {
  name: 'node-builtins-as-empty',
  setup(build) {
    build.onResolve({ filter: /^(fs|path|url)$/ }, (args) => ({ path: args.path, namespace: 'empty-node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// The packages' own folders: their exports maps hide the worker and wasm paths.
function packageDir(pkg: string): string {
  return path.join(ROOT, 'node_modules', pkg);
}

// @cornerstonejs/metadata and /utils each pin dcmjs 0.52.0 and npm nests a copy in
// both (the portal's own dcmjs is newer): one copy, resolved from metadata, spares
// phones ~600 kB of duplicate script. Checked at build time to be the same version.
const oneDcmjs: Plugin = {
  name: 'one-dcmjs',
  setup(build) {
    build.onResolve({ filter: /^dcmjs$/ }, async (args) => {
      if (args.pluginData === 'one-dcmjs') return undefined;
      return build.resolve('dcmjs', { kind: args.kind, resolveDir: packageDir('@cornerstonejs/metadata'), pluginData: 'one-dcmjs' });
    });
  },
};

async function checkDcmjsCopiesMatch(): Promise<void> {
  const versions = await Promise.all(
    ['@cornerstonejs/metadata', '@cornerstonejs/utils'].map((pkg) => packageVersion(path.join(pkg, 'node_modules', 'dcmjs')).catch(() => packageVersion('dcmjs'))),
  );
  if (versions[0] !== versions[1]) throw new Error(`Cornerstone's packages use different dcmjs versions (${versions.join(', ')}): update the one-dcmjs rule`);
}

async function packageVersion(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(path.join(packageDir(pkg), 'package.json'), 'utf8')) as { version: string };
  return json.version;
}

async function bundle(outdir: string): Promise<void> {
  const { build } = await import('esbuild');
  await checkDcmjsCopiesMatch();
  const common = {
    bundle: true,
    write: true,
    // ES modules: the loader's worker and wasm URLs are relative to import.meta.url.
    format: 'esm' as const,
    target: 'es2020',
    platform: 'browser' as const,
    minify: true,
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
    plugins: [nodeBuiltinsAsEmpty, oneDcmjs],
    outdir,
  };
  await build({ ...common, entryPoints: { 'phone-viewer': path.join(HERE, 'engine.ts') } });
  const worker = path.join(packageDir('@cornerstonejs/dicom-image-loader'), 'dist', 'esm', 'decodeImageFrameWorker.js');
  await build({ ...common, entryPoints: { decodeImageFrameWorker: worker } });
  for (const [pkg, file] of WASM_FILES) await copyFile(path.join(packageDir(pkg), file), path.join(outdir, path.basename(file)));
}

export async function installPhoneViewer(publicDir: string, log: (msg: string) => void = () => {}): Promise<{ changed: boolean }> {
  const target = path.join(publicDir, PHONE_VIEWER_BASE.slice(1));
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(await readFile(path.join(HERE, f))).update('\0');
  for (const p of PACKAGES) hash.update(`${p}@${await packageVersion(p)}\0`);
  const stamp = { fingerprint: hash.digest('hex') };
  const current = await readFile(path.join(target, PHONE_VIEWER_STAMP), 'utf8').then((t) => JSON.parse(t) as typeof stamp, () => null);
  if (current?.fingerprint === stamp.fingerprint) return { changed: false };

  log('bundling the small-screen viewer (Cornerstone3D, esbuild)');
  await mkdir(publicDir, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = path.join(publicDir, `.phone-viewer-staging-${suffix}`);
  const old = path.join(publicDir, `.phone-viewer-old-${suffix}`);
  try {
    await bundle(staging);
    await writeFile(path.join(staging, PHONE_VIEWER_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
    const hadOld = await rename(target, old).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    });
    await rename(staging, target);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { changed: true };
}
