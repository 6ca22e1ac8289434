// Puts an exported audit head in S3 without ever replacing an earlier one. Write-once
// is the bucket's own setting (S3 Object Lock or the store's WORM mode, best on a bucket
// of its own); `retainDays` then sets a COMPLIANCE retention on the object (S3 requires a
// checksum on such a PUT, hence ChecksumAlgorithm).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bucket, s3 } from '@/lib/storage/s3-client';

export async function storeAuditChainHead(key: string, json: string, options: { bucket?: string; retainDays?: number } = {}): Promise<string> {
  const target = options.bucket ?? bucket();
  await s3().send(
    new PutObjectCommand({
      Bucket: target,
      Key: key,
      Body: json,
      ContentType: 'application/json',
      IfNoneMatch: '*', // refuse to overwrite an earlier export (where the store supports conditional writes)
      ...(options.retainDays
        ? { ObjectLockMode: 'COMPLIANCE' as const, ObjectLockRetainUntilDate: new Date(Date.now() + options.retainDays * 86_400_000), ChecksumAlgorithm: 'SHA256' as const }
        : {}),
    }),
  );
  return `s3://${target}/${key}`;
}
