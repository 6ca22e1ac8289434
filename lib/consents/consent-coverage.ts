// Does a consent version cover a share? One rule, used when a link is created and
// again on every request of the link (so a withdrawal or a narrowing change stops it).
import type { ConsentVersion, LinkRecipientKind, SharePurpose } from '@/db/schema';

export type ShareToCover = {
  recipientKind: Exclude<LinkRecipientKind, 'patient'>;
  /** The named recipient's e-mail (lower case); null for any holder of the link. */
  recipientEmail: string | null;
  purpose: SharePurpose;
  /** When the share ends; a consent must last at least as long. */
  expiresAt: Date;
};

export type ConsentGap = 'withdrawn' | 'not_yet_valid' | 'expired' | 'ends_before_share' | 'studies' | 'recipient' | 'purpose';

/** `someone@example.org` matches itself; `@example.org` matches everyone at that domain. */
export function recipientMatches(consentEmail: string, recipientEmail: string): boolean {
  const consent = consentEmail.trim().toLowerCase();
  const recipient = recipientEmail.trim().toLowerCase();
  return consent.startsWith('@') ? recipient.endsWith(consent) : recipient === consent;
}

/**
 * Why `version` does not cover the share, or null when it does. `coversStudies` says
 * whether its scope includes every study of the share (computed in SQL). At creation
 * the consent must outlast the link; afterwards, `checkEnd` is false and only "now"
 * matters (a link then stops when the consent expires: 'expired').
 */
export function consentGap(
  version: Pick<ConsentVersion, 'status' | 'validFrom' | 'validUntil' | 'recipientKind' | 'recipientEmail' | 'purpose'>,
  coversStudies: boolean,
  share: ShareToCover,
  now: Date,
  checkEnd = true,
): ConsentGap | null {
  if (version.status === 'withdrawn') return 'withdrawn';
  if (version.validFrom.getTime() > now.getTime()) return 'not_yet_valid';
  if (version.validUntil.getTime() <= now.getTime()) return 'expired';
  if (checkEnd && version.validUntil.getTime() < share.expiresAt.getTime()) return 'ends_before_share';
  if (!coversStudies) return 'studies';
  if (version.purpose !== share.purpose) return 'purpose';
  if (version.recipientKind === 'named') {
    // A named consent covers only that recipient (or organisation), never "anyone with the link".
    if (share.recipientKind !== 'named' || !share.recipientEmail || !version.recipientEmail) return 'recipient';
    if (!recipientMatches(version.recipientEmail, share.recipientEmail)) return 'recipient';
  }
  return null;
}
