// What the side-by-side run needs from the machine, installed when it can be:
// Debian's orthanc + orthanc-dicomweb (the peer), nginx-light (one origin for
// OHIF and Orthanc, and the static reference), dcmtk (JPEG-Lossless studies,
// storescu). Installing never starts the packages' own services: a temporary
// policy-rc.d refuses service starts during apt-get (Debian's orthanc and nginx
// would otherwise listen on every interface, on 8042/4242/80).
// The peer runs only inside a private network namespace (unshare -n), because
// Orthanc 1.10 cannot be told to listen on loopback only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { DICOMWEB_PLUGIN, ORTHANC_BINARY } from './orthanc';
import { NGINX_BINARY } from './nginx';

export type Availability = {
  /** null when the peer can run; otherwise why it is skipped. */
  peerSkipReason: string | null;
  /** null when the static reference (nginx) can run. */
  staticSkipReason: string | null;
  privateNetwork: boolean;
  installed: string[];
};

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const has = (file: string) => fs.existsSync(file);

function aptInstall(packages: string[], log: (l: string) => void): boolean {
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !has(policy);
  if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\n# bench/peer: no service starts while installing\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300_000 });
    log(`[peer] installing ${packages.join(' ')} (apt-get)…`);
    let r = install();
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore', timeout: 300_000 });
      r = install();
    }
    if (r.status !== 0) log(`[peer] apt-get install failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    return r.status === 0;
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
}

/** Whether this process may create a network namespace with its own loopback. */
export function canUsePrivateNetwork(): boolean {
  const r = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

export function ensurePrerequisites(log: (l: string) => void, options: { peer: boolean }): Availability {
  const installed: string[] = [];
  const missing = (list: Array<[string, string]>) => list.filter(([, file]) => !has(file)).map(([pkg]) => pkg);
  const wanted: Array<[string, string]> = [
    ['nginx-light', NGINX_BINARY],
    ['dcmtk', '/usr/bin/dcmcjpeg'],
    ...(options.peer ? ([['orthanc', ORTHANC_BINARY], ['orthanc-dicomweb', DICOMWEB_PLUGIN]] as Array<[string, string]>) : []),
  ];
  const toInstall = missing(wanted);
  if (toInstall.length > 0) {
    if (!isRoot()) log(`[peer] missing ${toInstall.join(', ')} and not root: cannot install them`);
    else if (aptInstall(toInstall, log)) installed.push(...toInstall);
  }
  const privateNetwork = isRoot() && canUsePrivateNetwork();
  let peerSkipReason: string | null = null;
  if (!options.peer) peerSkipReason = 'skipped on request (--no-peer)';
  else if (!has(ORTHANC_BINARY) || !has(DICOMWEB_PLUGIN)) peerSkipReason = 'Debian orthanc / orthanc-dicomweb are not installed and could not be installed (run as root)';
  else if (!has(NGINX_BINARY)) peerSkipReason = 'nginx is not installed and could not be installed (run as root)';
  else if (!privateNetwork) peerSkipReason = 'cannot create a private network namespace (unshare -n needs root/CAP_SYS_ADMIN); Orthanc 1.10 would listen on every interface, so it is not started';
  const staticSkipReason = has(NGINX_BINARY) ? null : 'nginx is not installed and could not be installed (run as root)';
  return { peerSkipReason, staticSkipReason, privateNetwork, installed };
}
