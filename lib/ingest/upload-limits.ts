// How big an upload may be (lib/env.ts), and the one refusal for a file over it: 413,
// raised before a byte is read when the request declares its length, and by ByteLimit
// as soon as the count passes the limit when it does not (chunked, or a lying header).
import { Transform, type TransformCallback } from 'node:stream';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export function staffUploadMaxFileBytes(): number {
  return env().UPLOAD_MAX_FILE_BYTES;
}

export function uploadLinkLimits(): { maxFileBytes: number; maxTotalBytes: number } {
  const e = env();
  return { maxFileBytes: e.UPLOAD_LINK_MAX_FILE_BYTES ?? e.UPLOAD_MAX_FILE_BYTES, maxTotalBytes: e.UPLOAD_LINK_MAX_TOTAL_BYTES };
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

export function fileTooLarge(maxFileBytes: number): AppError {
  return new AppError('payload_too_large:upload_file', `This file is larger than the ${describeBytes(maxFileBytes)} allowed per file. It was not kept.`);
}

/** The Content-Length a request declared, or undefined (chunked, or absent). */
export function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** Fails the stream with `error()` once more than `maxBytes` have passed. */
export class ByteLimit extends Transform {
  private bytes = 0;
  exceeded: AppError | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly error: () => AppError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.exceeded = this.error();
      callback(this.exceeded);
      return;
    }
    callback(null, chunk);
  }
}
