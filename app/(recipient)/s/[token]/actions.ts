'use server';
import type { AccessCheckState } from '@/app/components/access-check-form';
import { cookies, headers } from 'next/headers';
import { pendingTokenCookieName } from '@/lib/http/pending-link-token';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { sendOneTimeCode } from '@/lib/shares/one-time-code';
import { requestContextFrom } from '@/lib/http/request-context';
import { linkSessionCookieName, linkSessionCookieOptions } from '@/lib/http/link-session-cookie';
import { isAppError } from '@/lib/errors';

/**
 * Why the check did not pass; the form words it in the visitor's language (so a
 * language switch after a refusal re-words it too).
 */

const answerSchema = z.string().max(64);

export async function checkAccessAction(token: string, _prev: AccessCheckState, form: FormData): Promise<AccessCheckState> {
  const answer = answerSchema.safeParse(form.get('answer') ?? '');
  const context = requestContextFrom(await headers());
  let result;
  try {
    result = await verifyShareLinkAccess(token, answer.success ? answer.data : '', context);
  } catch (err) {
    // Expired, revoked, locked or unknown: the same answer for all.
    if (isAppError(err) && err.status === 404) return { problem: 'unavailable', attemptsLeft: 0 };
    throw err;
  }
  if (!result.ok) {
    return { problem: result.attemptsLeft > 0 ? 'wrong_answer' : 'locked', attemptsLeft: result.attemptsLeft };
  }
  (await cookies()).set(linkSessionCookieName(), result.sessionSecret, linkSessionCookieOptions(result.sessionExpiresAt));
  // Off the token URL at once: it must not linger in history, referrers or screenshots.
  (await cookies()).delete({ name: pendingTokenCookieName('s'), path: '/s' }); // the token has done its work
  redirect(`/links/${result.shareLinkId}`);
}

export type SendCodeState = { sentTo: string } | { error: string } | null;

/** Asks for a one-time code by e-mail (links with the `email_otp` access check). */
export async function sendCodeAction(token: string): Promise<SendCodeState> {
  const context = requestContextFrom(await headers());
  try {
    return await sendOneTimeCode(token, context);
  } catch (err) {
    if (isAppError(err) && err.status === 404) return { error: 'unavailable' };
    if (isAppError(err) && (err.status === 429 || err.status === 503)) return { error: err.status === 429 ? 'codeTooSoon' : 'codeNotSent' };
    throw err;
  }
}
