'use server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { markInboxStudyReviewed, openInboxLink } from '@/lib/shares/inbox';
import { revalidatePath } from 'next/cache';
import { requestContextFrom } from '@/lib/http/request-context';
import { linkSessionCookieName, linkSessionCookieOptions } from '@/lib/http/link-session-cookie';

export async function openInboxLinkAction(shareLinkId: string) {
  const opened = await openInboxLink(await requireStaffActor(), shareLinkId, requestContextFrom(await headers()));
  (await cookies()).set(linkSessionCookieName(), opened.sessionSecret, linkSessionCookieOptions(opened.sessionExpiresAt));
  redirect(`/links/${opened.shareLinkId}`);
}

export async function markReviewedAction(shareLinkId: string, studyId: string) {
  await markInboxStudyReviewed(await requireStaffActor(), shareLinkId, studyId, requestContextFrom(await headers()));
  revalidatePath('/inbox');
}
