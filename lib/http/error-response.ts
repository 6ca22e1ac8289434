// Turns any error into a JSON response: an AppError's code and public message,
// 503 + Retry-After when PostgreSQL or S3 is down or not answering,
// or "Something went wrong" with a request id (the error goes to the log, and so
// does the failure an AppError wraps).
import { isAppError } from '@/lib/errors';
import { logFailure } from '@/lib/logging/log-failure';
import { dependencyUnavailableMessage, isDependencyUnavailable, RETRY_AFTER_SECONDS } from '@/lib/health/dependency-failure';

export function errorResponse(err: unknown): Response {
  if (isAppError(err)) {
    if (err.cause !== undefined) logFailure('request', err);
    return Response.json({ error: { code: err.code, message: err.publicMessage } }, { status: err.status, headers: { 'cache-control': 'no-store' } });
  }
  const requestId = logFailure('request', err);
  if (isDependencyUnavailable(err)) {
    return Response.json(
      { error: { code: 'unavailable:dependency', message: `${dependencyUnavailableMessage} Reference: ${requestId}` } },
      { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) } },
    );
  }
  return Response.json(
    { error: { code: 'internal', message: `Something went wrong. Reference: ${requestId}` } },
    { status: 500, headers: { 'cache-control': 'no-store' } },
  );
}
