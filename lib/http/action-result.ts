// One result shape for server actions, shown with useActionState. Only an
// AppError's public message reaches the client; anything else is logged with a
// reference the user can quote, and so is the failure an AppError wraps (its cause).
import type { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { logFailure } from '@/lib/logging/log-failure';
import { dependencyUnavailableMessage, isDependencyUnavailable } from '@/lib/health/dependency-failure';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> };

export function validationFailure(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, code: 'bad_request:validation', message: 'Please correct the highlighted fields.', fieldErrors };
}

export async function toActionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    if (isAppError(err)) {
      if (err.cause !== undefined) logFailure('action', err);
      return { ok: false, code: err.code, message: err.publicMessage };
    }
    // redirect()/notFound() throw control-flow errors that Next must see.
    if (err instanceof Error && 'digest' in err && typeof (err as { digest?: unknown }).digest === 'string' && (err as { digest: string }).digest.startsWith('NEXT_')) throw err;
    const reference = logFailure('action', err);
    if (isDependencyUnavailable(err)) return { ok: false, code: 'unavailable:dependency', message: `${dependencyUnavailableMessage} Reference: ${reference}` };
    return { ok: false, code: 'internal', message: `Something went wrong. Reference: ${reference}` };
  }
}
