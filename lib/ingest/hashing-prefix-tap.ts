// A pass-through stream that hashes every byte, counts them, and keeps only the
// first `prefixLimit` bytes (the DICOM header lives there). Whole files are never
// held in memory: the bytes flow on to storage as they arrive.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class HashingPrefixTap extends Transform {
  private readonly hash = createHash('sha256');
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  bytes = 0;

  constructor(private readonly prefixLimit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.kept < this.prefixLimit) {
      const take = chunk.subarray(0, this.prefixLimit - this.kept);
      this.chunks.push(Buffer.from(take)); // copy: the source may reuse its buffer
      this.kept += take.length;
    }
    callback(null, chunk);
  }

  prefix(): Uint8Array {
    return Buffer.concat(this.chunks, this.kept);
  }

  /** Hex SHA-256 of everything that passed; call once, after the stream ended. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}
