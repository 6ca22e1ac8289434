// SECURITY-CRITICAL: what a link depends on beyond its own row, checked on every
// request of the link (with its own state, lib/shares/link-state.ts): a forwarded
// link stops with its parent (revoked, locked or expired), and a share under a
// consent stops when the consent no longer covers it.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { shareLinks, type ShareLink } from '@/db/schema';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { linkConsentRejection } from '@/lib/consents/link-consent-rejection';
import { shareLinkRejection } from './link-state';

type ConditionalLink = Pick<ShareLink, 'id' | 'parentLinkId' | 'recipientKind' | 'recipientEmail' | 'purpose' | 'consentId' | 'expiresAt'>;

export async function linkConditionsRejection(tx: DbOrTx, link: ConditionalLink, now = new Date()): Promise<ShareLinkRejection | null> {
  if (link.parentLinkId) {
    const [parent] = await tx.select().from(shareLinks).where(eq(shareLinks.id, link.parentLinkId));
    if (!parent || shareLinkRejection(parent, now)) return 'parent_link_ended';
  }
  return linkConsentRejection(tx, link, now);
}
