// A share link's access history, for the staff of its facility and for the patient
// holding their own link: when it was opened, refused, viewed and downloaded, and
// from where. Reading the trail is itself recorded (AUDIT_LOG_VIEWED).
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { auditEvents, shareLinks } from '@/db/schema';
import type { LinkActor, StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import type { DbOrTx } from '@/db/client';
import { AppError } from '@/lib/errors';
import { linkAuditActor, recordAudit, staffAuditActor, type RequestContext } from './record-audit';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export type LinkAccessEvent = {
  at: Date;
  type: string;
  outcome: 'success' | 'failure';
  reason: string | null;
  clientIp: string | null;
  userAgent: string | null;
};

/** The events of some links (done to them, or by their holders), oldest first. */
function linkEvents(tx: DbOrTx, shareLinkIds: string[], facilityId: string): Promise<LinkAccessEvent[]> {
  return tx
    .select({
      at: auditEvents.occurredAt,
      type: auditEvents.type,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      clientIp: auditEvents.clientIp,
      userAgent: auditEvents.userAgent,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.facilityId, facilityId), or(inArray(auditEvents.subjectId, shareLinkIds), inArray(auditEvents.actorId, shareLinkIds))))
    .orderBy(asc(auditEvents.id))
    .limit(1000);
}

/**
 * The patient's own view of who used their link. Only for a link issued to the
 * patient: a specialist's link does not show its holder the trail.
 */
export async function linkAccessHistoryForPatient(actor: LinkActor, context: RequestContext): Promise<LinkAccessEvent[]> {
  if (actor.recipientKind !== 'patient') throw new AppError('not_found:link_history');
  return db().transaction(async (tx) => {
    // Their own link, and the links they forwarded from it.
    const children = await tx.select({ id: shareLinks.id }).from(shareLinks).where(eq(shareLinks.parentLinkId, actor.shareLinkId));
    const rows = await linkEvents(tx, [actor.shareLinkId, ...children.map((c) => c.id)], actor.facilityId);
    await recordAudit(tx, {
      type: 'AUDIT_LOG_VIEWED',
      actor: linkAuditActor(actor),
      context,
      subject: { type: 'share_link', id: actor.shareLinkId },
      patientRef: actor.patientRef,
      details: { events: rows.length },
    });
    return rows;
  });
}

export async function linkAccessHistory(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<LinkAccessEvent[]> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => linkAccessHistoryUnaudited(actor, shareLinkId, context));
}

async function linkAccessHistoryUnaudited(actor: StaffActor, shareLinkId: string, context: RequestContext): Promise<LinkAccessEvent[]> {
  if (!can(actor, 'share_link:read_history')) throw new AppError('forbidden:audit');
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  return db().transaction(async (tx) => {
    const [link] = await tx
      .select({ id: shareLinks.id, patientRef: shareLinks.patientRef })
      .from(shareLinks)
      .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinks.facilityId, actor.facilityId)));
    if (!link) throw new AppError('not_found:share_link');
    const rows = await linkEvents(tx, [link.id], actor.facilityId);
    await recordAudit(tx, {
      type: 'AUDIT_LOG_VIEWED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      details: { events: rows.length },
    });
    return rows;
  });
}
