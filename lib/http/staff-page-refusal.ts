// How a staff page answers a refusal from lib/: what is not the actor's (or does
// not exist) is not found (404); a role the actor lacks is "no access" (403, with
// app/(staff)/forbidden.tsx). lib/ checks roles before it looks anything up, so a
// 403 says nothing about whether the thing asked for exists. Anything else is a
// failure and stays one.
import { forbidden, notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';

export function answerStaffPageRefusal(err: unknown): never {
  if (isAppError(err) && err.status === 404) notFound();
  if (isAppError(err) && err.status === 403) forbidden();
  throw err;
}
