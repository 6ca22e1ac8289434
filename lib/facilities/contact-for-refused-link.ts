// The "link not available" page for a link that exists but can no longer be opened
// (expired, revoked, locked, its consent withdrawn): the visitor holds its token, so
// telling them whom to ask is no leak, and without it they are stuck. A token that
// matches no link gets nothing: the generic page must not reveal anything. Nothing
// is audited here: the page that refused the link has recorded why.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { shareLinks, uploadLinks } from '@/db/schema';
import { isWellFormedShareToken, sha256Hex } from '@/lib/shares/share-token';
import { unsafeFacilityContact, type FacilityContact } from './facility-contact';

/** `/s/<token>` (share link) or `/u/<token>` (upload link): the facility behind it, or null. */
export async function facilityContactForRefusedLinkPath(path: string | null): Promise<FacilityContact | null> {
  const match = path ? /^\/(s|u)\/([^/?#]+)$/.exec(path) : null;
  if (!match) return null;
  const [, door, token] = match as unknown as [string, 's' | 'u', string];
  if (!isWellFormedShareToken(token)) return null;
  const hash = sha256Hex(token);
  const [link] =
    door === 's'
      ? await db().select({ facilityId: shareLinks.facilityId }).from(shareLinks).where(eq(shareLinks.tokenSha256, hash))
      : await db().select({ facilityId: uploadLinks.facilityId }).from(uploadLinks).where(eq(uploadLinks.tokenSha256, hash));
  return link ? unsafeFacilityContact(link.facilityId) : null;
}
