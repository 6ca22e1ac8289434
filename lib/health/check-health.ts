// Readiness: can we reach Postgres and the bucket? Names no secrets.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { bucket, s3 } from '@/lib/storage/s3-client';

// An object-level probe: "not found" proves the bucket answers and our signature is
// accepted (some S3-compatible servers mis-sign bucket-level calls such as HeadBucket).
async function storageReachable(): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: 'health/probe' }));
    return true;
  } catch (err) {
    return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
  }
}

export async function checkHealth(): Promise<{ ok: boolean; database: boolean; storage: boolean }> {
  const [database, storage] = await Promise.all([db().execute(sql`select 1`).then(() => true, () => false), storageReachable()]);
  return { ok: database && storage, database, storage };
}
