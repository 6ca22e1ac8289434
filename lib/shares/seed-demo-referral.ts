// A demo referral, so the demo specialist's inbox has something in it on embedded
// defaults: the patient's consent to share with the specialist for treatment, and a
// named link to them, made through the same domain functions the front desk uses
// (consent recorded, link issued, both audited). Runs at start on demo defaults only
// (scripts/start.ts); makes a new link only when the specialist has no active one,
// so a demo left running past a link's expiry gets a fresh referral at its next start.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { shareLinks, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { noRequestContext } from '@/lib/audit/record-audit';
import { demoAccounts } from '@/lib/auth/demo-accounts';
import { grantConsent } from '@/lib/consents/record-consent';
import { getFacilityPolicy } from '@/lib/facilities/get-facility-policy';
import { createShareLink } from './create-share-link';

const specialist = demoAccounts.specialist;

export async function seedDemoReferral(actor: StaffActor, studyId: string): Promise<'created' | 'present'> {
  const [active] = await db()
    .select({ id: shareLinks.id })
    .from(shareLinks)
    .where(and(eq(shareLinks.facilityId, actor.facilityId), eq(shareLinks.recipientEmail, specialist.email), isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, new Date())))
    .limit(1);
  if (active) return 'present';
  const [study] = await db()
    .select({ patientRef: studies.patientRef })
    .from(studies)
    .where(and(eq(studies.id, studyId), eq(studies.facilityId, actor.facilityId)));
  if (!study) throw new Error('demo referral: the study is not in the demo facility');
  await grantConsent(
    actor,
    study.patientRef,
    {
      scope: 'selected_studies',
      studyIds: [studyId],
      recipientKind: 'named',
      recipientName: specialist.displayName,
      recipientEmail: specialist.email,
      purpose: 'treatment',
      validUntil: new Date(Date.now() + 365 * 86_400_000),
      method: 'verbal_witnessed',
      witnessName: 'Demo Front Desk',
      note: 'Demo data: a consent recorded so the demo specialist’s inbox can be tried.',
    },
    null,
    noRequestContext,
  );
  await createShareLink(
    actor,
    {
      studyIds: [studyId],
      expiresInDays: Math.min(30, (await getFacilityPolicy(actor)).maxLinkLifetimeDays),
      accessCheck: 'code',
      recipientKind: 'named',
      recipientEmail: specialist.email,
      purpose: 'treatment',
      noteToRecipient: 'Demo referral: please review the head CT.',
      handedTo: `${specialist.displayName} (demo inbox)`,
    },
    noRequestContext,
  );
  return 'created';
}
