'use server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { uploadSessionCookieName, uploadSessionCookieOptions } from '@/lib/http/upload-session-cookie';
import { verifyUploadLinkAccess } from '@/lib/upload-links/open-upload-link';

export type UploadAccessState = { message: string; attemptsLeft: number } | null;

const answerSchema = z.string().max(64);

export async function checkUploadAccessAction(token: string, _prev: UploadAccessState, form: FormData): Promise<UploadAccessState> {
  const answer = answerSchema.safeParse(form.get('answer') ?? '');
  const context = requestContextFrom(await headers());
  let result;
  try {
    result = await verifyUploadLinkAccess(token, answer.success ? answer.data : '', context);
  } catch (err) {
    // Expired, revoked, locked or unknown: the same answer for all.
    if (isAppError(err) && err.status === 404) return { message: 'This link is not available.', attemptsLeft: 0 };
    throw err;
  }
  if (!result.ok) {
    return {
      attemptsLeft: result.attemptsLeft,
      message:
        result.attemptsLeft > 0
          ? `That does not match. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left.`
          : 'That does not match, and this link is now locked. Please contact the facility that sent it.',
    };
  }
  (await cookies()).set(uploadSessionCookieName(), result.sessionSecret, uploadSessionCookieOptions(result.sessionExpiresAt));
  // Off the token URL at once: it must not linger in history, referrers or screenshots.
  redirect(`/uploads-for/${result.uploadLinkId}`);
}
