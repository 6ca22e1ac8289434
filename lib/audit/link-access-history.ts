// A share link's access history for the staff of its facility: when it was
// opened, refused, viewed and downloaded, and from where. Reading the trail is
// itself recorded (AUDIT_LOG_VIEWED).
import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { auditEvents, shareLinks } from '@/db/schema';
import { hasAnyRole, type StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { recordAudit, type RequestContext } from './record-audit';

const uuid = z.string().uuid();

export type LinkAccessEvent = {
  at: Date;
  type: string;
  outcome: 'success' | 'failure';
  reason: string | null;
  clientIp: string | null;
  userAgent: string | null;
};

export async function linkAccessHistory(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<LinkAccessEvent[]> {
  if (!hasAnyRole(actor, ['front_desk', 'facility_admin', 'compliance'])) throw new AppError('forbidden:audit');
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  return db().transaction(async (tx) => {
    const [link] = await tx
      .select({ id: shareLinks.id })
      .from(shareLinks)
      .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinks.facilityId, actor.facilityId)));
    if (!link) throw new AppError('not_found:share_link');
    const rows = await tx
      .select({
        at: auditEvents.occurredAt,
        type: auditEvents.type,
        outcome: auditEvents.outcome,
        reason: auditEvents.reason,
        clientIp: auditEvents.clientIp,
        userAgent: auditEvents.userAgent,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.facilityId, actor.facilityId), or(eq(auditEvents.subjectId, link.id), eq(auditEvents.actorId, link.id))))
      .orderBy(asc(auditEvents.id))
      .limit(1000);
    await recordAudit(tx, {
      type: 'AUDIT_LOG_VIEWED',
      actor: { type: 'user', userId: actor.userId, facilityId: actor.facilityId },
      context,
      subject: { type: 'share_link', id: link.id },
      details: { events: rows.length },
    });
    return rows;
  });
}
