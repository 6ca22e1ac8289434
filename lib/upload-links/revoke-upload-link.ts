import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { uploadLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

/**
 * Revokes an upload link of the actor's facility: its page, its sessions and its
 * upload route answer not-found from the next request on (a file in flight is
 * refused when it is filed). Files already received stay in quarantine for a decision.
 */
export async function revokeUploadLink(actor: StaffActor, uploadLinkId: string, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'upload_link', id: uploadLinkId }, context, () => revokeUploadLinkUnaudited(actor, uploadLinkId, context));
}

async function revokeUploadLinkUnaudited(actor: StaffActor, uploadLinkId: string, context: RequestContext): Promise<void> {
  if (!can(actor, 'upload_link:manage')) throw new AppError('forbidden:upload_link_revoke');
  if (!uuid.safeParse(uploadLinkId).success) throw new AppError('not_found:upload_link');
  await db().transaction(async (tx) => {
    const [link] = await tx
      .select({ id: uploadLinks.id, revokedAt: uploadLinks.revokedAt, patientRef: uploadLinks.patientRef })
      .from(uploadLinks)
      .where(and(eq(uploadLinks.id, uploadLinkId), eq(uploadLinks.facilityId, actor.facilityId)))
      .for('update');
    if (!link) throw new AppError('not_found:upload_link');
    if (link.revokedAt) return;
    await tx.update(uploadLinks).set({ revokedAt: new Date() }).where(and(eq(uploadLinks.id, link.id), isNull(uploadLinks.revokedAt)));
    await recordAudit(tx, {
      type: 'UPLOAD_LINK_REVOKED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'upload_link', id: link.id },
      patientRef: link.patientRef,
    });
  });
}
