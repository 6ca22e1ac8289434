'use server';
import type { AccessCheckState } from '@/app/components/access-check-form';
import { cookies, headers } from 'next/headers';
import { pendingTokenCookieName } from '@/lib/http/pending-link-token';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { uploadSessionCookieName, uploadSessionCookieOptions } from '@/lib/http/upload-session-cookie';
import { verifyUploadLinkAccess } from '@/lib/upload-links/open-upload-link';

/** Why the check did not pass; the form words it in the visitor's language. */

const answerSchema = z.string().max(64);

export async function checkUploadAccessAction(token: string, _prev: AccessCheckState, form: FormData): Promise<AccessCheckState> {
  const answer = answerSchema.safeParse(form.get('answer') ?? '');
  const context = requestContextFrom(await headers());
  let result;
  try {
    result = await verifyUploadLinkAccess(token, answer.success ? answer.data : '', context);
  } catch (err) {
    // Expired, revoked, locked or unknown: the same answer for all.
    if (isAppError(err) && err.status === 404) return { problem: 'unavailable', attemptsLeft: 0 };
    throw err;
  }
  if (!result.ok) return { problem: result.attemptsLeft > 0 ? 'wrong_answer' : 'locked', attemptsLeft: result.attemptsLeft };
  (await cookies()).set(uploadSessionCookieName(), result.sessionSecret, uploadSessionCookieOptions(result.sessionExpiresAt));
  // Off the token URL at once: it must not linger in history, referrers or screenshots.
  (await cookies()).delete({ name: pendingTokenCookieName('u'), path: '/u' }); // the token has done its work
  redirect(`/uploads-for/${result.uploadLinkId}`);
}
