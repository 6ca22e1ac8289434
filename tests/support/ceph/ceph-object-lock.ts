// Starts a single-node Ceph with radosgw (start-ceph.sh) in a temp folder and
// creates the portal's bucket under S3 Object Lock: versioning on and a default
// retention (COMPLIANCE, 1 day: nobody, not even the owner, deletes a version
// before then). Returns the S3 settings for the portal and a stop that ends the
// three daemons. Bounded waits with clear errors; memstore, so nothing outlives it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';

export type CephObjectLock = { env: Record<string, string>; stop: () => Promise<void> };

const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'start-ceph.sh');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requireBinaries(): void {
  const missing = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'uuidgen'].filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(`Object Lock tests need Ceph's S3 gateway: missing ${missing.join(', ')}. Install: apt-get install radosgw ceph-mon ceph-osd ceph-common uuid-runtime`);
  }
}

export async function startCephObjectLock(options: { monPort: number; rgwPort: number; publicOrigin: string; log: (line: string) => void }): Promise<CephObjectLock> {
  requireBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-ceph-'));
  const accessKeyId = `SS${randomBytes(9).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const stop = async () => {
    for (const name of ['client.rgw.a', 'osd.0', 'mon.a']) {
      const pidFile = path.join(dir, 'run', `${name}.pid`);
      const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : NaN);
      if (!Number.isInteger(pid)) continue;
      try { process.kill(pid, 'SIGTERM'); } catch { continue; }
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
      if (isAlive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [script], {
        env: { ...process.env, D: dir, MONPORT: String(options.monPort), RGWPORT: String(options.rgwPort), ACCESS_KEY: accessKeyId, SECRET_KEY: secretAccessKey },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`Ceph did not start within 120 s:\n${output.slice(-2000)}`)); }, 120_000);
      child.on('exit', (code) => { clearTimeout(timer); if (code === 0) resolve(); else reject(new Error(`start-ceph.sh failed (${code}):\n${output.slice(-2000)}`)); });
    });
    const endpoint = `http://127.0.0.1:${options.rgwPort}`;
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const bucket = 'scanshare-locked';
    // radosgw answers once the OSD is up; until then bucket creation fails.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
        break;
      } catch (err) {
        if (attempt >= 60) throw new Error(`radosgw did not accept the bucket within 60 s: ${(err as Error).message}`);
        await sleep(1000);
      }
    }
    await client.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: {
      ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } } }));
    await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [
      { AllowedOrigins: [options.publicOrigin], AllowedMethods: ['GET', 'HEAD', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 }] } }));
    client.destroy();
    options.log(`[test services] Ceph radosgw with Object Lock (COMPLIANCE, 1 day) on ${endpoint} in ${Math.round((Date.now() - started) / 100) / 10} s`);
    return {
      env: { S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true', S3_OBJECT_LOCK: 'required' },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
