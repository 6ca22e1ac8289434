// The SAML IdP for tests is Debian's simplesamlphp 1.19 (a real, widely deployed
// IdP) run under PHP's built-in server. Install it when missing, as root; else
// say exactly what to install instead of failing later with a PHP error.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

/** What `.ci/run` (or a developer) installs for the SAML tests. */
export const simplesamlphpDebianPackages = ['simplesamlphp', 'php-cli', 'php-xml', 'php-mbstring', 'php-curl', 'php-intl'];

export const simplesamlphpRoot = '/usr/share/simplesamlphp';

function installed(): boolean {
  if (!fs.existsSync(`${simplesamlphpRoot}/www/saml2/idp/SSOService.php`)) return false;
  // The PHP extensions simplesamlphp needs (signing, XML, multibyte strings, intl).
  const php = spawnSync('php', ['-r', 'foreach (["dom","openssl","mbstring","intl","curl"] as $e) if (!extension_loaded($e)) { echo $e; exit(1); }'], { encoding: 'utf8' });
  return php.status === 0;
}

export function ensureSimplesamlphp(log: (line: string) => void = () => undefined): void {
  if (installed()) return;
  const command = `apt-get install -y --no-install-recommends ${simplesamlphpDebianPackages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`The SAML test IdP needs Debian's simplesamlphp and PHP. Install them with: sudo ${command}`);
  }
  log(`[saml idp] installing ${simplesamlphpDebianPackages.join(' ')} (apt)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let run = spawnSync('bash', ['-c', `${command} >/dev/null`], { env, encoding: 'utf8' });
  if (run.status !== 0) {
    // A fresh machine has no package lists yet.
    run = spawnSync('bash', ['-c', `apt-get update -qq && ${command} >/dev/null`], { env, encoding: 'utf8' });
  }
  if (run.status !== 0 || !installed()) {
    throw new Error(`Could not install the SAML test IdP (${command}): ${run.stderr.trim().slice(-2000)}`);
  }
}
