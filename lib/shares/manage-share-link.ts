// The front desk's controls on an issued link: unlock after too many wrong answers,
// and extend (within the facility's maximum, the parent link's expiry and the
// consent's validity). Revoking is lib/shares/revoke-share-link.ts.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db/client';
import { facilities, shareLinks, type ShareLink } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { consentGap } from '@/lib/consents/consent-coverage';
import { latestConsentVersions, lockConsents } from '@/lib/consents/latest-consent-versions';
import { AppError } from '@/lib/errors';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

/** The link, of the actor's facility, locked for the change. Staff of another facility find nothing. */
async function lockedLinkOf(tx: Tx, actor: StaffActor, shareLinkId: string): Promise<ShareLink> {
  if (!can(actor, 'share_link:manage')) throw new AppError('forbidden:share_link_manage');
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  const [link] = await tx
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinks.facilityId, actor.facilityId)))
    .for('update');
  if (!link) throw new AppError('not_found:share_link');
  return link;
}

export async function unlockShareLink(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => unlockShareLinkUnaudited(actor, shareLinkId, context));
}

async function unlockShareLinkUnaudited(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<void> {
  await db().transaction(async (tx) => {
    const link = await lockedLinkOf(tx, actor, shareLinkId);
    if (!link.lockedAt) throw new AppError('conflict:not_locked', 'This link is not locked.');
    if (link.revokedAt) throw new AppError('conflict:revoked', 'This link was revoked; issue a new one instead.');
    await tx.update(shareLinks).set({ lockedAt: null, failedAttempts: 0 }).where(eq(shareLinks.id, link.id));
    await recordAudit(tx, {
      type: 'SHARE_LINK_UNLOCKED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      details: { failedAttempts: link.failedAttempts },
    });
  });
}

// No default length: an empty choice is refused, never read as some number of days.
export const extendShareLinkInput = z.object({ expiresInDays: z.coerce.number().int().min(1, 'Choose the new expiry') });

/** A new expiry, counted from now; only later than the current one. */
export async function extendShareLink(actor: StaffActor, shareLinkId: string, input: z.infer<typeof extendShareLinkInput>, context: RequestContext): Promise<{ expiresAt: Date }> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => extendShareLinkUnaudited(actor, shareLinkId, input, context));
}

async function extendShareLinkUnaudited(actor: StaffActor, shareLinkId: string, input: z.infer<typeof extendShareLinkInput>, context: RequestContext): Promise<{ expiresAt: Date }> {
  return db().transaction(async (tx) => {
    const link = await lockedLinkOf(tx, actor, shareLinkId);
    if (link.revokedAt) throw new AppError('conflict:revoked', 'This link was revoked; issue a new one instead.');
    const [facility] = await tx.select().from(facilities).where(eq(facilities.id, actor.facilityId));
    if (!facility) throw new AppError('not_found:facility');
    if (input.expiresInDays > facility.maxLinkLifetimeDays) {
      throw new AppError('unprocessable:expiry_too_long', `Links at ${facility.name} may last at most ${facility.maxLinkLifetimeDays} days.`);
    }
    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    if (expiresAt.getTime() <= link.expiresAt.getTime()) {
      throw new AppError('unprocessable:not_later', `The link already lasts until ${link.expiresAt.toISOString().slice(0, 10)}; choose a later date.`);
    }
    if (link.parentLinkId) {
      const [parent] = await tx.select({ expiresAt: shareLinks.expiresAt }).from(shareLinks).where(eq(shareLinks.id, link.parentLinkId));
      if (!parent || parent.expiresAt.getTime() < expiresAt.getTime()) {
        throw new AppError('unprocessable:outlives_parent', 'A forwarded link cannot outlive the link it was forwarded from.');
      }
    }
    if (link.consentId && link.purpose && link.recipientKind !== 'patient') {
      await lockConsents(tx, [link.consentId]);
      const [version] = await latestConsentVersions(tx, [link.consentId], { shareLinkId: link.id });
      const share = { recipientKind: link.recipientKind, recipientEmail: link.recipientEmail, purpose: link.purpose, expiresAt };
      if (!version || consentGap(version, version.coversLinkStudies, share, new Date())) {
        throw new AppError('conflict:consent_required', 'The patient’s consent does not cover the longer period. Record a new consent first.');
      }
    }
    await tx.update(shareLinks).set({ expiresAt }).where(eq(shareLinks.id, link.id));
    await recordAudit(tx, {
      type: 'SHARE_LINK_EXTENDED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      details: { from: link.expiresAt.toISOString(), to: expiresAt.toISOString() },
    });
    return { expiresAt };
  });
}
