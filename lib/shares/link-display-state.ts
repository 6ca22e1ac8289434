// How staff (and the patient, for links they forwarded) see a link's state: active,
// or why it cannot be opened — its own state, its open limit, its parent, its consent.
import type { DbOrTx } from '@/db/client';
import type { ShareLink } from '@/db/schema';
import { linkConditionsRejection } from './link-conditions';
import { openingRejection } from './link-state';

export type LinkDisplayState = 'active' | 'revoked' | 'locked' | 'expired' | 'max opens reached' | 'parent link ended' | 'consent withdrawn' | 'consent expired' | 'consent no longer covers';

type DisplayedLink = Pick<
  ShareLink,
  'id' | 'revokedAt' | 'lockedAt' | 'expiresAt' | 'maxOpens' | 'openCount' | 'parentLinkId' | 'recipientKind' | 'recipientEmail' | 'purpose' | 'consentId'
>;

export async function linkDisplayState(tx: DbOrTx, link: DisplayedLink): Promise<LinkDisplayState> {
  const rejection = openingRejection(link) ?? (await linkConditionsRejection(tx, link));
  return (rejection?.replaceAll('_', ' ') as LinkDisplayState | undefined) ?? 'active';
}
