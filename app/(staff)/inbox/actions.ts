'use server';
import { z } from 'zod';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { markInboxStudyReviewed, openInboxLink } from '@/lib/shares/inbox';
import { revalidatePath } from 'next/cache';
import { requestContextFrom } from '@/lib/http/request-context';
import { linkSessionCookieName, linkSessionCookieOptions } from '@/lib/http/link-session-cookie';
import { confirmInboxAddress, sendInboxAddressCode } from '@/lib/shares/inbox-address-code';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';

const codeInput = z.object({ code: z.string().trim().min(1, 'Enter the code from the e-mail.').max(20) });

export async function openInboxLinkAction(shareLinkId: string) {
  const opened = await openInboxLink(await requireStaffActor(), shareLinkId, requestContextFrom(await headers()));
  (await cookies()).set(linkSessionCookieName(), opened.sessionSecret, linkSessionCookieOptions(opened.sessionExpiresAt));
  redirect(`/links/${opened.shareLinkId}`);
}

export async function markReviewedAction(shareLinkId: string, studyId: string) {
  await markInboxStudyReviewed(await requireStaffActor(), shareLinkId, studyId, requestContextFrom(await headers()));
  revalidatePath('/inbox');
}

export async function sendInboxAddressCodeAction(): Promise<ActionResult<{ sentTo: string }>> {
  const context = requestContextFrom(await headers());
  return toActionResult(async () => sendInboxAddressCode(await requireStaffActor(), context));
}

export async function confirmInboxAddressAction(_prev: unknown, form: FormData): Promise<ActionResult<{ confirmed: string }>> {
  const parsed = codeInput.safeParse({ code: form.get('code') ?? '' });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => confirmInboxAddress(await requireStaffActor(), parsed.data.code, context));
  if (result.ok) revalidatePath('/inbox');
  return result;
}
