// A real SAML 2.0 IdP on loopback for tests: Debian's simplesamlphp 1.19 under
// `php -S`, with a fresh self-signed signing key per run, a username/password
// login page, and our SP(s) registered. The test holds the IdP's private key, so
// it can also craft responses the IdP would never send (expired, wrong audience)
// and show that verification refuses them for the right reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ensureSimplesamlphp, simplesamlphpRoot } from './ensure-simplesamlphp';
import { defaultSamlUsers, type SamlTestUser } from './saml-test-users';
import { writeIdpConfig, type SpRegistration } from './write-idp-config';

export type SamlIdp = {
  baseUrl: string;
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding. */
  ssoUrl: string;
  metadataUrl: string;
  /** The IdP's signing certificate (what a facility admin would configure). */
  certificatePem: string;
  /** Its private key: tests use it to craft responses the IdP would not send. */
  privateKeyPem: string;
  users: SamlTestUser[];
  stop(): Promise<void>;
};

export async function startSamlIdp(options: {
  port: number;
  spProviders: SpRegistration[];
  users?: SamlTestUser[];
  log?: (line: string) => void;
}): Promise<SamlIdp> {
  ensureSimplesamlphp(options.log);
  const users = options.users ?? defaultSamlUsers;
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const entityId = `${baseUrl}/saml2/idp/metadata.php`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-saml-idp-'));
  try {
    writeIdpConfig({ dir, baseUrl, entityId, users, spProviders: options.spProviders });
    const { certificatePem, privateKeyPem } = generateSigningKey(path.join(dir, 'cert'));
    // php -S on a taken port exits, while whoever holds the port may well answer our
    // readiness probe: make sure the port is ours first.
    await assertPortFree(options.port);
    const php = spawn('php', ['-S', `127.0.0.1:${options.port}`, '-t', path.join(simplesamlphpRoot, 'www')], {
      cwd: dir,
      // Several workers, so a browser's parallel requests (CSS, images) do not queue behind one another.
      env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: dir, PHP_CLI_SERVER_WORKERS: '4' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: with PHP_CLI_SERVER_WORKERS the server forks workers that
      // outlive a signal to the parent alone (and hold our stderr pipe open), so stop() signals the group.
      detached: true,
    });
    // If the test process dies without stop(), do not leave the IdP running.
    const killOnExit = () => { try { process.kill(-php.pid!, 'SIGKILL'); } catch { /* gone */ } };
    process.once('exit', killOnExit);
    php.once('exit', () => process.off('exit', killOnExit));
    let stderr = '';
    php.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    const metadataUrl = `${baseUrl}/saml2/idp/metadata.php`;
    await waitForMetadata(metadataUrl, php, () => stderr);
    return {
      baseUrl,
      entityId,
      ssoUrl: `${baseUrl}/saml2/idp/SSOService.php`,
      metadataUrl,
      certificatePem,
      privateKeyPem,
      users,
      stop: () => stopProcess(php).finally(() => fs.rmSync(dir, { recursive: true, force: true })),
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function generateSigningKey(certDir: string) {
  const key = path.join(certDir, 'idp.key');
  const crt = path.join(certDir, 'idp.crt');
  const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', '/CN=ScanShare test SAML IdP', '-keyout', key, '-out', crt], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl could not make the IdP signing key: ${run.stderr}`);
  return { certificatePem: fs.readFileSync(crt, 'utf8'), privateKeyPem: fs.readFileSync(key, 'utf8') };
}

async function waitForMetadata(url: string, php: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    if (php.exitCode !== null) throw new Error(`php -S exited (${php.exitCode}) before the IdP answered: ${stderr()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.ok && body.includes('IDPSSODescriptor')) return;
      last = `HTTP ${res.status}: ${body.slice(0, 500)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(php);
  throw new Error(`The SAML test IdP did not serve its metadata at ${url} within 15 s (${last}). php said: ${stderr()}`);
}

/** Stops php and its workers: the process group we started it in (its pid is the group id). */
function stopProcess(child: ChildProcess): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    const done = () => {
      signalGroup('SIGKILL'); // any worker still there
      child.stderr?.destroy();
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(done, 3000);
    child.once('exit', () => { clearTimeout(timer); done(); });
    signalGroup('SIGTERM');
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`The test SAML IdP cannot listen on 127.0.0.1:${port}: the port is in use (set TEST_SAML_PORT).`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
