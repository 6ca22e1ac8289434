// The upload-link actor of the current request, from the upload-session cookie.
import { cookies, headers } from 'next/headers';
import type { UploadLinkActor } from '@/lib/auth/actors';
import { resolveUploadLinkActor } from '@/lib/upload-links/resolve-upload-link-actor';
import { requestContextFrom } from './request-context';
import { uploadSessionCookieName } from './upload-session-cookie';

export async function currentUploadActor(uploadLinkId: string): Promise<UploadLinkActor> {
  const secret = (await cookies()).get(uploadSessionCookieName())?.value;
  return resolveUploadLinkActor(secret, uploadLinkId, requestContextFrom(await headers()));
}
