// Readiness: can we reach Postgres and the bucket, each within CHECK_TIMEOUT_MS
// (a hung dependency must not hang the load balancer's check)? Names no secrets.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { bucket, s3 } from '@/lib/storage/s3-client';

const CHECK_TIMEOUT_MS = 2_000;

function within(ms: number, check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

// An object-level probe: "not found" proves the bucket answers and our signature is
// accepted (some S3-compatible servers mis-sign bucket-level calls such as HeadBucket).
async function storageReachable(): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: 'health/probe' }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    return true;
  } catch (err) {
    return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
  }
}

export async function checkHealth(): Promise<{ ok: boolean; database: boolean; storage: boolean }> {
  const [database, storage] = await Promise.all([
    within(CHECK_TIMEOUT_MS, db().execute(sql`select 1`).then(() => true, () => false)),
    within(CHECK_TIMEOUT_MS, storageReachable()),
  ]);
  return { ok: database && storage, database, storage };
}
