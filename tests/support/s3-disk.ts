// The local S3-compatible server's files on disk (lib/embedded/local-s3.ts: <data>/s3/buckets,
// @20minutes/s3rver's filesystem store: <bucket>/<key>._S3rver_object), so a test can do to
// a stored object what a failing disk or an old upload does, behind the server's back.
import fs from 'node:fs';
import path from 'node:path';

export function objectFileOnDisk(key: string): string {
  const root = process.env.SCANSHARE_TEST_DATA;
  const bucket = process.env.S3_BUCKET;
  if (!root || !bucket) throw new Error('SCANSHARE_TEST_DATA and S3_BUCKET are not set: run me through tests/support/with-services.ts');
  const file = path.join(root, 's3', 'buckets', bucket, `${key}._S3rver_object`);
  if (!fs.existsSync(file)) throw new Error(`no file for ${key} on the S3 server's disk`);
  return file;
}

/** Flips every bit of one byte in the middle of the stored object (a bit-rotten sector). */
export function flipByteOnDisk(key: string): void {
  const file = objectFileOnDisk(key);
  const fd = fs.openSync(file, 'r+');
  try {
    const at = Math.floor(fs.fstatSync(fd).size / 2);
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0xff;
    fs.writeSync(fd, byte, 0, 1, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes the object's data file (a lost file); the server then answers NoSuchKey. */
export function loseObjectOnDisk(key: string): void {
  fs.unlinkSync(objectFileOnDisk(key));
}

/** Moves the object's modification time back: the server reports it as LastModified. */
export function ageObjectOnDisk(key: string, ageMs: number): void {
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(objectFileOnDisk(key), at, at);
}
