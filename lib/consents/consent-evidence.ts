// The evidence of a consent: a scan of the signed form (PDF, JPEG or PNG) or the
// on-screen signature (PNG). Recognised by its bytes, not by what the browser says,
// and stored in S3 under an opaque key before the consent row that names it.
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { consentEvidenceObjectKey } from '@/lib/storage/object-keys';
import { putObjectBytes } from '@/lib/storage/objects';

export const maxEvidenceBytes = 10 * 1024 * 1024;

export type EvidenceUpload = { bytes: Uint8Array };
export type StoredEvidence = { objectKey: string; contentType: string; sha256: string };

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

export function sniffEvidenceType(bytes: Uint8Array): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

/** Checks and stores the evidence; the caller deletes it again if its transaction fails. */
export async function storeConsentEvidence(upload: EvidenceUpload): Promise<StoredEvidence> {
  if (upload.bytes.byteLength === 0) throw new AppError('unprocessable:evidence_empty', 'The consent form file is empty.');
  if (upload.bytes.byteLength > maxEvidenceBytes) {
    throw new AppError('payload_too_large:evidence', 'The consent form file is larger than 10 MB; scan it at a lower resolution.');
  }
  const contentType = sniffEvidenceType(upload.bytes);
  if (!contentType) {
    throw new AppError('unprocessable:evidence_type', 'The consent form must be a PDF, JPEG or PNG file.');
  }
  const digest = createHash('sha256').update(upload.bytes).digest();
  const objectKey = consentEvidenceObjectKey(randomUUID());
  await putObjectBytes(objectKey, upload.bytes, contentType);
  return { objectKey, contentType, sha256: digest.toString('hex') };
}
