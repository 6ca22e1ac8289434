import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { shareLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

/** Revokes a link of the actor's facility. Every route of the link answers not-found from the next request on. */
export async function revokeShareLink(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => revokeShareLinkUnaudited(actor, shareLinkId, context));
}

async function revokeShareLinkUnaudited(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<void> {
  if (!can(actor, 'share_link:manage')) throw new AppError('forbidden:share_link_revoke');
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  await db().transaction(async (tx) => {
    const [link] = await tx
      .select({ id: shareLinks.id, revokedAt: shareLinks.revokedAt, patientRef: shareLinks.patientRef })
      .from(shareLinks)
      .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinks.facilityId, actor.facilityId)))
      .for('update');
    if (!link) throw new AppError('not_found:share_link');
    if (link.revokedAt) return;
    await tx.update(shareLinks).set({ revokedAt: new Date() }).where(and(eq(shareLinks.id, link.id), isNull(shareLinks.revokedAt)));
    await recordAudit(tx, {
      type: 'SHARE_LINK_REVOKED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
    });
  });
}
