// Gets the @ohif/app tarball into a reusable cache, verified against the
// pinned integrity. `npm install @ohif/app` cannot work here (it pins ~20
// @ohif/* packages the registry mirror lacks); `npm pack` fetches just the
// tarball through the user's normal npm configuration (registry, proxy, auth).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { OHIF_INTEGRITY, OHIF_PACKAGE, OHIF_TARBALL, OHIF_VERSION } from './ohif-release';

export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

/** SRI-style `sha512-<base64>` of a file, streamed. */
export async function fileIntegrity(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${err.trim()}`)),
    );
  });
}

/**
 * Returns the path of the verified tarball in `cacheDir`, fetching it with
 * `npm pack` when absent. A cached file that fails the check is deleted and
 * fetched again once; a fresh download that fails it is an error.
 */
export async function ensureOhifTarball(cacheDir: string, log: (msg: string) => void): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const target = path.join(cacheDir, OHIF_TARBALL);
  if (await exists(target)) {
    if ((await fileIntegrity(target)) === OHIF_INTEGRITY) return target;
    log(`cached ${OHIF_TARBALL} failed its integrity check; fetching it again`);
    await rm(target, { force: true });
  }
  const tmp = await mkdtemp(path.join(cacheDir, 'pack-'));
  try {
    log(`fetching ${OHIF_PACKAGE}@${OHIF_VERSION} with npm pack`);
    await run('npm', ['pack', `${OHIF_PACKAGE}@${OHIF_VERSION}`, '--pack-destination', tmp, '--ignore-scripts', '--silent'], cacheDir);
    const fetched = path.join(tmp, OHIF_TARBALL);
    if (!(await exists(fetched))) throw new Error(`npm pack did not produce ${OHIF_TARBALL}`);
    const actual = await fileIntegrity(fetched);
    if (actual !== OHIF_INTEGRITY) {
      throw new IntegrityError(
        `${OHIF_PACKAGE}@${OHIF_VERSION} integrity mismatch: expected ${OHIF_INTEGRITY}, got ${actual}. Refusing to install it.`,
      );
    }
    await rename(fetched, target);
    return target;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
