import type { ShareLink } from '@/db/schema';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';

/** Why a link cannot be used right now, or null when it can. Order matters: revoked beats expired. */
export function shareLinkRejection(link: Pick<ShareLink, 'revokedAt' | 'lockedAt' | 'expiresAt'>, now = new Date()): ShareLinkRejection | null {
  if (link.revokedAt) return 'revoked';
  if (link.lockedAt) return 'locked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}
