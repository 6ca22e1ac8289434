// The link actor of the current request, from the link-session cookie.
import { cookies, headers } from 'next/headers';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import type { LinkActor } from '@/lib/auth/actors';
import { linkSessionCookieName } from './link-session-cookie';
import { requestContextFrom } from './request-context';

export async function currentLinkActor(shareLinkId: string): Promise<LinkActor> {
  const secret = (await cookies()).get(linkSessionCookieName())?.value;
  return resolveLinkActor(secret, shareLinkId, requestContextFrom(await headers()));
}
