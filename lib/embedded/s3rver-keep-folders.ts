// @20minutes/s3rver 5's filesystem store removes an object's folder after a delete
// when it looks empty (readdir, then a recursive rm). A PUT into the same prefix
// that lands in between has its file taken with it: the PUT answered 200 and the
// object is gone (an upload from a CD vanished from quarantine before staff could
// accept it). Empty folders cost nothing, so deletes here never remove them.
import fs from 'node:fs/promises';
import type S3rver from '@20minutes/s3rver';

/** The files s3rver keeps per object (lib/stores/filesystem.js). */
const objectResources = ['object', 'object.md5', 'metadata.json'] as const;

export function keepFoldersOnDelete(s3rver: S3rver): void {
  const store = s3rver.store;
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      objectResources.map((resource) =>
        fs.unlink(store.getResourcePath(bucket, key, resource)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        }),
      ),
    );
  };
}
