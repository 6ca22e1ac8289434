// Is this failure a dependency that is down or not answering (PostgreSQL, S3),
// rather than a bug? Those are answered 503 with Retry-After and words a person
// can act on ("try again in a moment"), never "Something went wrong", and the
// request does not hang: the pool gives up on a connection after a few seconds.
// Walks the cause chain, because drizzle and our AppErrors wrap the driver's error.

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
// PostgreSQL: connection exceptions (08…), shutting down / starting up (57P01–57P03), too many connections (53300).
const postgresUnavailable = /^(08\d{3}|57P0[1-3]|53300)$/;
const driverMessages = [/timeout exceeded when trying to connect/i, /Connection terminated/i, /connect ECONNREFUSED/i, /Query read timeout/i];
const s3Unavailable = new Set(['TimeoutError', 'RequestTimeout', 'ServiceUnavailable', 'SlowDown', 'InternalError']);

/** Seconds a client should wait before trying again while a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

export function isDependencyUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
    if (typeof e.code === 'string' && (networkCodes.has(e.code) || postgresUnavailable.test(e.code))) return true;
    if (typeof e.name === 'string' && s3Unavailable.has(e.name)) return true;
    if (e.$metadata?.httpStatusCode !== undefined && e.$metadata.httpStatusCode >= 500) return true;
    if (typeof e.message === 'string' && driverMessages.some((re) => re.test(e.message as string))) return true;
    current = (current as { cause?: unknown }).cause ?? (current as { errors?: unknown[] }).errors?.[0];
  }
  return false;
}

export const dependencyUnavailableMessage = 'The service is briefly unavailable. Nothing was changed; please try again in a moment.';
