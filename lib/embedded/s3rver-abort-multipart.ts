// @20minutes/s3rver 5 has no AbortMultipartUpload (DELETE <key>?uploadId=… answers 405),
// so the parts of an upload the portal abandoned (a file refused as too large midway, a
// client gone) stayed on disk for ever. Here the request goes through s3rver's own
// router first (its signature check included); only when that ends in MethodNotAllowed
// for an authenticated DELETE with an uploadId is the upload's folder removed, as S3 does.
import fs from 'node:fs/promises';
import path from 'node:path';
import type S3rver from '@20minutes/s3rver';

const uploadIdPattern = /^[0-9a-f]{32}$/; // s3rver's ids: 16 random bytes, hex

export function abortMultipartUploads(s3rver: S3rver): S3rver.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const uploadId = ctx.query.uploadId;
      const bucket = ctx.params?.bucket;
      const isAbort = ctx.method === 'DELETE' && typeof uploadId === 'string' && uploadIdPattern.test(uploadId) && bucket;
      if (!isAbort || (err as { code?: string }).code !== 'MethodNotAllowed') throw err;
      const uploadDir = path.join(s3rver.store.getResourcePath(bucket, '', 'uploads'), uploadId);
      const key = await fs.readFile(path.join(uploadDir, 'key'), 'utf8').catch(() => undefined);
      if (key !== undefined && key === ctx.params?.key) await fs.rm(uploadDir, { recursive: true, force: true });
      ctx.status = 204; // S3 answers 204 for an abort, also for an upload already gone
      ctx.body = null;
    }
  };
}
