// Turns any error into a JSON response: an AppError's code and public message,
// or "Something went wrong" with a request id (the full error goes to the log).
import { randomUUID } from 'node:crypto';
import { isAppError } from '@/lib/errors';

export function errorResponse(err: unknown): Response {
  if (isAppError(err)) {
    return Response.json({ error: { code: err.code, message: err.publicMessage } }, { status: err.status, headers: { 'cache-control': 'no-store' } });
  }
  const requestId = randomUUID();
  console.error(`[request ${requestId}]`, err);
  return Response.json(
    { error: { code: 'internal', message: `Something went wrong. Reference: ${requestId}` } },
    { status: 500, headers: { 'cache-control': 'no-store' } },
  );
}
