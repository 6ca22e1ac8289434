// Object operations the domains need, each one S3 call. Keys come from
// object-keys.ts and carry no patient data.
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { describeFailure } from '@/lib/logging/describe-failure';
import { bucket, s3 } from './s3-client';

/**
 * Streams a body of unknown length to S3. Parts of 8 MB, at most 4 in flight (or
 * `partsInFlight`), so memory per upload stays bounded (~32 MB) whatever the file
 * size. A failure aborts the multipart upload, leaving no parts behind.
 */
export async function putObjectStream(key: string, body: Readable, contentType = 'application/dicom', partsInFlight = 4): Promise<void> {
  const upload = new Upload({
    client: s3(),
    params: { Bucket: bucket(), Key: key, Body: body, ContentType: contentType },
    partSize: 8 * 1024 * 1024,
    queueSize: partsInFlight,
    leavePartsOnError: false,
  });
  await upload.done();
}

/** A small object already in memory (a consent form's scan). Never replaces an existing key. */
export async function putObjectBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: bytes, ContentType: contentType, IfNoneMatch: '*' }));
}

export async function deleteObject(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
}

/** Deletes, logging instead of throwing: used to undo a write while another error is already on its way. */
export async function deleteObjectQuietly(key: string): Promise<void> {
  try {
    await deleteObject(key);
  } catch (err) {
    console.error(`[storage] could not delete ${key} while undoing a failed write: ${describeFailure(err)}`);
  }
}

export async function getObjectStream(key: string): Promise<Readable> {
  const response = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  if (!response.Body) throw new Error(`object ${key} has no body`);
  return response.Body as Readable;
}

/** The object from byte `start` to its end, streamed (a Range request: nothing before `start` is sent). */
export async function getObjectStreamFrom(key: string, start: number): Promise<Readable> {
  const response = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=${start}-` }));
  if (!response.Body) throw new Error(`object ${key} has no body`);
  return response.Body as Readable;
}

/**
 * A server-side copy (S3 CopyObject): the bytes never pass through the app. Replaces
 * the destination if it exists, so repeating a copy is harmless. Objects up to 5 GB.
 */
export async function copyObject(sourceKey: string, destinationKey: string): Promise<void> {
  await s3().send(
    new CopyObjectCommand({ Bucket: bucket(), Key: destinationKey, CopySource: `${bucket()}/${sourceKey}`, MetadataDirective: 'COPY' }),
  );
}

/** The first `bytes` bytes of an object (all of it when it is shorter): where a DICOM header lives. */
export async function getObjectPrefix(key: string, bytes: number): Promise<Uint8Array> {
  // A one-byte range (bytes=0-0) is one some S3-compatible servers get wrong; ask for at least two.
  const range = `bytes=0-${Math.max(1, bytes - 1)}`;
  const response = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: range }));
  if (!response.Body) throw new Error(`object ${key} has no body`);
  return response.Body.transformToByteArray();
}
