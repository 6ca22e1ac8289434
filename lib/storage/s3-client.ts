// The S3 client: one per process. Only lib/ imports it (enforced by ESLint).
import { S3Client } from '@aws-sdk/client-s3';
import { env } from '@/lib/env';

const globalForS3 = globalThis as unknown as { scanshareS3?: S3Client };

export function s3(): S3Client {
  globalForS3.scanshareS3 ??= createS3Client();
  return globalForS3.scanshareS3;
}

export function bucket(): string {
  return env().S3_BUCKET;
}

function createS3Client(): S3Client {
  const e = env();
  return new S3Client({
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE || Boolean(e.S3_ENDPOINT),
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined, // AWS default chain (instance role, env, profile)
    // With the SDK's defaults, streamed PUTs are refused by S3-compatible servers or
    // stored with aws-chunked framing, and presigned PUTs carry an empty-body checksum.
    // AWS S3 refuses uploads without a checksum on a bucket under Object Lock: there,
    // S3_REQUEST_CHECKSUMS=when_supported (README, "Ransomware-resistant storage").
    requestChecksumCalculation: e.S3_REQUEST_CHECKSUMS === 'when_supported' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
