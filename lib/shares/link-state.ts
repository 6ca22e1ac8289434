import type { ShareLink } from '@/db/schema';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';

/** Why a link cannot be opened again (a new access check or inbox open): its own state, or its open limit. */
export function openingRejection(
  link: Pick<ShareLink, 'revokedAt' | 'lockedAt' | 'expiresAt' | 'maxOpens' | 'openCount'>,
  now = new Date(),
): ShareLinkRejection | null {
  return shareLinkRejection(link, now) ?? (link.maxOpens !== null && link.openCount >= link.maxOpens ? 'max_opens_reached' : null);
}

/** What a link's own state can refuse it for (share and upload links alike). */
export type LinkStateRejection = Extract<ShareLinkRejection, 'revoked' | 'locked' | 'expired'>;

/** Why a link cannot be used right now, or null when it can. Order matters: revoked beats expired. */
export function shareLinkRejection(link: Pick<ShareLink, 'revokedAt' | 'lockedAt' | 'expiresAt'>, now = new Date()): LinkStateRejection | null {
  if (link.revokedAt) return 'revoked';
  if (link.lockedAt) return 'locked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}
