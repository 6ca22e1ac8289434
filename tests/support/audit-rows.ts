import { and, asc, eq, gt, max } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditEvents } from '@/db/schema';

/** The audit rows of one subject (or one facility, or one actor), oldest first. */
export async function auditRowsFor(filter: { subjectId?: string; facilityId?: string; sinceId?: number; actorId?: string; type?: string; clientIp?: string }) {
  const conditions = [
    filter.type ? eq(auditEvents.type, filter.type as typeof auditEvents.$inferSelect.type) : undefined,
    filter.clientIp ? eq(auditEvents.clientIp, filter.clientIp) : undefined,
    filter.subjectId ? eq(auditEvents.subjectId, filter.subjectId) : undefined,
    filter.facilityId ? eq(auditEvents.facilityId, filter.facilityId) : undefined,
    filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
    filter.sinceId !== undefined ? gt(auditEvents.id, filter.sinceId) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) throw new Error('auditRowsFor needs a filter');
  return db().select().from(auditEvents).where(and(...conditions)).orderBy(asc(auditEvents.id));
}

/** The id of the newest audit row (0 when there is none): a mark to read later rows from. */
export async function latestAuditId(): Promise<number> {
  const [row] = await db().select({ id: max(auditEvents.id) }).from(auditEvents);
  return row?.id ?? 0;
}
