import type { UploadLink } from '@/db/schema';
import { uploadLinkAuditActor, type AuditActor } from '@/lib/audit/record-audit';
import { shareLinkRejection, type LinkStateRejection } from '@/lib/shares/link-state';

/** Why an upload link cannot be used right now (revoked, locked, expired), or null: the same rule as share links. */
export function uploadLinkRejection(link: Pick<UploadLink, 'revokedAt' | 'lockedAt' | 'expiresAt'>, now = new Date()): LinkStateRejection | null {
  return shareLinkRejection(link, now);
}

/** Who the audit log names for something done through an upload link (anonymous when the link is unknown). */
export function uploadLinkActorOf(link: Pick<UploadLink, 'id' | 'facilityId'> | null | undefined): AuditActor {
  return link ? uploadLinkAuditActor({ uploadLinkId: link.id, facilityId: link.facilityId }) : { type: 'anonymous' };
}
