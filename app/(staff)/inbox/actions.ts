'use server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { openInboxLink } from '@/lib/shares/inbox';
import { requestContextFrom } from '@/lib/http/request-context';
import { linkSessionCookieName, linkSessionCookieOptions } from '@/lib/http/link-session-cookie';

export async function openInboxLinkAction(shareLinkId: string) {
  const opened = await openInboxLink(await requireStaffActor(), shareLinkId, requestContextFrom(await headers()));
  (await cookies()).set(linkSessionCookieName(), opened.sessionSecret, linkSessionCookieOptions(opened.sessionExpiresAt));
  redirect(`/links/${opened.shareLinkId}`);
}
