import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { bucket, s3 } from '@/lib/storage/s3-client';

/** Every object key in the bucket under a prefix (tests are the only writers of their own keys). */
export async function listKeys(prefix = 'instances/'): Promise<Set<string>> {
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function readObject(key: string): Promise<Buffer> {
  const res = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}
