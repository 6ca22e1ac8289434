// SECURITY-CRITICAL: a share under a consent stays usable only while the consent's
// latest version still covers it. Checked on every request of the link (opening it,
// its study list, manifest, instance refresh, download), so a withdrawal takes
// effect on the next request.
import type { DbOrTx } from '@/db/client';
import type { ShareLink } from '@/db/schema';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { consentGap } from './consent-coverage';
import { latestConsentVersions } from './latest-consent-versions';

type LinkUnderConsent = Pick<ShareLink, 'id' | 'recipientKind' | 'recipientEmail' | 'purpose' | 'consentId' | 'expiresAt'>;

export async function linkConsentRejection(tx: DbOrTx, link: LinkUnderConsent, now = new Date()): Promise<ShareLinkRejection | null> {
  if (link.recipientKind === 'patient') return null; // the patient's own right of access
  // The schema requires both for any other recipient; a row without them is refused outright.
  if (!link.consentId || !link.purpose) return 'consent_no_longer_covers';
  const [version] = await latestConsentVersions(tx, [link.consentId], { shareLinkId: link.id });
  if (!version) return 'consent_no_longer_covers';
  const gap = consentGap(
    version,
    version.coversLinkStudies,
    { recipientKind: link.recipientKind, recipientEmail: link.recipientEmail, purpose: link.purpose, expiresAt: link.expiresAt },
    now,
    false,
  );
  if (!gap) return null;
  if (gap === 'withdrawn') return 'consent_withdrawn';
  if (gap === 'expired') return 'consent_expired';
  return 'consent_no_longer_covers';
}
