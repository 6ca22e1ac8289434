// Which of a patient's consents covers a new share (a link issued by staff, or one
// the patient forwards), under the consents' locks so no withdrawal slips in before
// the share commits; or why none does, in words staff and patients understand.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { consents } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { consentGap, type ConsentGap, type ShareToCover } from './consent-coverage';
import { latestConsentVersions, lockConsents } from './latest-consent-versions';

const gapMessages: Record<ConsentGap, string> = {
  withdrawn: 'the patient withdrew it',
  not_yet_valid: 'it is not in force yet',
  expired: 'it has ended',
  ends_before_share: 'it ends before this link would',
  studies: 'it does not include these studies',
  recipient: 'it names a different recipient',
  purpose: 'it was given for a different purpose',
};

/** The patient's consent whose latest version covers the new link, or why none does. Takes the consents' locks. */
export async function findCoveringConsent(
  tx: DbOrTx,
  facilityId: string,
  patientRef: string,
  studyIds: readonly string[],
  share: ShareToCover,
): Promise<{ consentId: string } | { gaps: ConsentGap[] }> {
  const ids = (
    await tx
      .select({ id: consents.id })
      .from(consents)
      .where(and(eq(consents.facilityId, facilityId), eq(consents.patientRef, patientRef)))
  ).map((c) => c.id);
  await lockConsents(tx, ids);
  const versions = await latestConsentVersions(tx, ids, { studyIds });
  const now = new Date();
  const gaps: ConsentGap[] = [];
  // Prefer the consent that ends last: the link stays usable as long as possible.
  for (const version of versions.sort((a, b) => b.validUntil.getTime() - a.validUntil.getTime())) {
    const gap = consentGap(version, version.coversLinkStudies, share, now);
    if (!gap) return { consentId: version.consentId };
    gaps.push(gap);
  }
  return { gaps };
}

/** The 409 a share without a covering consent gets, with the reasons in plain words. */
export function consentRefusal(gaps: ConsentGap[]): AppError {
  const why = gaps.length === 0 ? 'The patient has no consent on file for sharing.' : `No consent on file covers this share: ${[...new Set(gaps)].map((g) => gapMessages[g]).join('; ')}.`;
  return new AppError('conflict:consent_required', `${why} Record the patient’s consent first, or share with the patient themself.`);
}
