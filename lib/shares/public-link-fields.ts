import type { ShareLink } from '@/db/schema';

/** What staff pages may show of a link: never its token hash or its access-check hash. */
export function publicLinkFields(link: ShareLink) {
  return {
    id: link.id,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt,
    lockedAt: link.lockedAt,
    accessCheckKind: link.accessCheckKind,
    recipientKind: link.recipientKind,
    recipientEmail: link.recipientEmail,
    purpose: link.purpose,
    consentId: link.consentId,
    parentLinkId: link.parentLinkId,
    openCount: link.openCount,
    maxOpens: link.maxOpens,
    downloadCount: link.downloadCount,
    allowDownload: link.allowDownload,
    allowForward: link.allowForward,
    firstOpenedAt: link.firstOpenedAt,
    lastOpenedAt: link.lastOpenedAt,
    handedTo: link.handedTo,
  };
}
export type PublicLinkFields = ReturnType<typeof publicLinkFields>;
