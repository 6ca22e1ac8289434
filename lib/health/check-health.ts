// Readiness: can we reach Postgres and the bucket? Names no secrets.
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { bucket, s3 } from '@/lib/storage/s3-client';

export async function checkHealth(): Promise<{ ok: boolean; database: boolean; storage: boolean }> {
  const [database, storage] = await Promise.all([
    db().execute(sql`select 1`).then(() => true, () => false),
    s3().send(new HeadBucketCommand({ Bucket: bucket() })).then(() => true, () => false),
  ]);
  return { ok: database && storage, database, storage };
}
