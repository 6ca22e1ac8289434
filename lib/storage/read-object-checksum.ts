// Re-reads one stored object and computes its SHA-256 as it streams: memory stays at
// the stream's buffers whatever the object's size. A shared throttle keeps a whole
// scrub run under its byte rate, so re-reading the archive never starves the portal.
import { createHash } from 'node:crypto';
import { getObjectStream } from './objects';

/** Paces reads to at most `bytesPerSecond`, over everything read through it. */
export class ReadThrottle {
  private readonly startedAt = Date.now();
  private bytes = 0;

  constructor(private readonly bytesPerSecond: number) {}

  get bytesRead(): number {
    return this.bytes;
  }

  async took(bytes: number): Promise<void> {
    this.bytes += bytes;
    const aheadMs = (this.bytes / this.bytesPerSecond) * 1000 - (Date.now() - this.startedAt);
    // Waiting here stops pulling from the stream: backpressure holds the rest on the socket.
    if (aheadMs > 5) await new Promise((r) => setTimeout(r, aheadMs));
  }
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.Code === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/** The object's SHA-256 (hex) and length, or null when the store says it does not exist. Other failures throw. */
export async function readObjectChecksum(key: string, throttle: ReadThrottle): Promise<{ sha256: string; bytes: number } | null> {
  let body;
  try {
    body = await getObjectStream(key);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      await throttle.took(chunk.length);
    }
  } finally {
    body.destroy();
  }
  return { sha256: hash.digest('hex'), bytes };
}
