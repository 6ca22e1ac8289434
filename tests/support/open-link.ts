// Creates a link as staff and opens it as a recipient would, through the domain
// functions (the browser tests do the same through the pages).
import { createShareLink } from '@/lib/shares/create-share-link';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import type { StaffActor } from '@/lib/auth/actors';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };

export async function openLinkAsRecipient(staff: StaffActor, studyIds: string[], expiresInDays = 7) {
  const link = await createShareLink(staff, { studyIds, expiresInDays, accessCheck: 'code' }, ctx);
  const opened = await verifyShareLinkAccess(link.url.split('/s/')[1]!, link.accessCode!, ctx);
  if (!opened.ok) throw new Error('could not open the link');
  const actor = await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx);
  return { link, actor, sessionSecret: opened.sessionSecret };
}
