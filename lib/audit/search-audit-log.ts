// Compliance's view of the audit trail: "who saw this patient's CT, when, from
// where". Facility admins and compliance officers search their own facility's
// events, 50 at a time, newest first. Every search is itself recorded
// (AUDIT_LOG_VIEWED), in the same transaction as the read.
import { db } from '@/db/client';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import {
  assertCanReadAuditLog,
  auditLogCursor,
  parseAuditLogFilters,
  readAuditLogPage,
  type AuditLogFilters,
  type AuditLogRow,
} from './audit-log-query';
import { auditedFilters } from './audited-filters';
import { recordAudit, staffAuditActor, type RequestContext } from './record-audit';

export { auditLogFilters, type AuditLogFilters, type AuditLogRow } from './audit-log-query';

export const auditLogPageSize = 50;

export type AuditLogPage = {
  filters: AuditLogFilters;
  rows: AuditLogRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: number | null;
};

/** `filters` and `page.before` are raw input (search params): validated here. */
export async function searchAuditLog(
  actor: StaffActor,
  filters: unknown,
  page: { before?: unknown },
  context: RequestContext,
): Promise<AuditLogPage> {
  assertCanReadAuditLog(actor);
  const parsed = parseAuditLogFilters(filters);
  const cursor = auditLogCursor.safeParse(page.before);
  if (!cursor.success) throw new AppError('bad_request:audit_log_cursor', 'That page link is not valid.');
  const before = cursor.data;

  return db().transaction(async (tx) => {
    // One more than a page tells whether an older page exists.
    const found = await readAuditLogPage(tx, actor.facilityId, parsed, { before, limit: auditLogPageSize + 1 });
    const rows = found.slice(0, auditLogPageSize);
    await recordAudit(tx, {
      type: 'AUDIT_LOG_VIEWED',
      actor: staffAuditActor(actor),
      context,
      details: { ...(await auditedFilters(tx, actor.facilityId, parsed)), ...(before !== undefined && { before }), rows: rows.length },
    });
    return { filters: parsed, rows, nextCursor: found.length > auditLogPageSize ? rows[rows.length - 1]!.id : null };
  });
}
