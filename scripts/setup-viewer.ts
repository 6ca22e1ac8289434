// Puts the OHIF v3 viewer in public/viewer/ (gitignored), served by Next under
// /viewer/. Idempotent: a fast no-op when the same version and rewrite are
// already in place, so `npm start` and CI can run it every time.
//
//   tsx scripts/setup-viewer.ts           # install or verify
//   tsx scripts/setup-viewer.ts --force   # rebuild public/viewer from the cached tarball
//
// The tarball is cached in .data/cache/ (fetched with `npm pack`, checked
// against the pinned sha512). Run before `next build`: Next serves from
// public/ only what was there when it built.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installViewer } from '../lib/viewer/install-viewer';
import { OHIF_VERSION } from '../lib/viewer/ohif-release';
import { installPhoneViewer } from '../lib/viewer/phone/build-phone-viewer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const started = performance.now();
  const force = process.argv.includes('--force');
  const log = (msg: string): void => console.log(`[setup-viewer] ${msg}`);
  const result = await installViewer({
    publicDir: path.join(root, 'public'),
    cacheDir: path.join(root, '.data', 'cache'),
    force,
    log,
  });
  const ms = Math.round(performance.now() - started);
  log(
    result.changed
      ? `installed OHIF ${OHIF_VERSION} in ${path.relative(root, result.viewerDir)}/ (${ms} ms)`
      : `OHIF ${OHIF_VERSION} already set up (${ms} ms)`,
  );
  // The small-screen viewer (Cornerstone3D) for recipients on phones.
  const phone = await installPhoneViewer(path.join(root, 'public'), log);
  if (phone.changed) log('small-screen viewer bundled in public/phone-viewer/');
}

main().catch((error: unknown) => {
  console.error(`[setup-viewer] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
