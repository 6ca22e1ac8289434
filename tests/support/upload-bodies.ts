// Request bodies for the upload-limit tests, made as they are read (never whole in
// memory), counting what the server pulled; and the local S3 server's footprint on
// disk (objects, their metadata and any multipart parts still held), to show that a
// refused or broken upload left nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

export type CountedBody = Readable & { pulled: () => number };

/** `head` followed by zeros up to `totalBytes`, in 64 KiB chunks. Optionally fails after `failAfter` bytes. */
export function countedBody(totalBytes: number, head: Uint8Array = new Uint8Array(0), options: { failAfter?: number } = {}): CountedBody {
  let sent = 0;
  const zeros = Buffer.alloc(64 * 1024);
  const body = new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) {
        this.destroy(new Error('connection reset by peer'));
        return;
      }
      if (sent >= totalBytes) {
        this.push(null);
        return;
      }
      const chunk = sent < head.length ? Buffer.from(head.subarray(sent, sent + zeros.length)) : zeros.subarray(0, Math.min(zeros.length, totalBytes - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return Object.assign(body, { pulled: () => sent });
}

/** Files and bytes under the local S3 server's buckets folder (SCANSHARE_TEST_DATA/s3, tests/support/with-services.ts). */
export function localS3Footprint(): { files: number; bytes: number } {
  const root = path.join(process.env.SCANSHARE_TEST_DATA!, 's3', 'buckets');
  let files = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files += 1;
        bytes += fs.statSync(full).size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}
