// Exporting the audit log (CSV or a FHIR Bundle of AuditEvents) for compliance:
// the same filters and facility scope as the search page, every matching event,
// read in keyset pages of 1000 so memory stays bounded however long the log.
//
// The AUDIT_LOG_EXPORTED record is written in the same transaction as the count and
// the first page, and that transaction commits before the first byte is produced:
// nothing leaves without its record. Later pages are separate short reads (no
// connection is held while a slow client downloads). Paging goes by id downward
// from the first page, so events written during the export (including our own
// record) are never part of it; `rows` in the record is the count at the start.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { assertCanReadAuditLog, countAuditLog, parseAuditLogFilters, readAuditLogPage, type AuditLogFilters, type AuditLogRow } from '../audit-log-query';
import { auditedFilters } from '../audited-filters';
import { recordAudit, staffAuditActor, type RequestContext } from '../record-audit';
import { auditCsvHeader, auditCsvLine } from './audit-csv';
import { fhirBundleChunks } from './fhir-audit-events';

export const auditExportFormats = ['csv', 'fhir'] as const;
export type AuditExportFormat = (typeof auditExportFormats)[number];

/** Past this many events an export is refused: narrow the filters. */
export const auditExportMaxRows = 100_000;
export const auditExportPageSize = 1000;

export type AuditExport = {
  contentType: string;
  fileName: string;
  rows: number;
  /** The file, in chunks of a few tens of kilobytes. */
  body: AsyncIterable<string>;
};

/** `filters` is raw input (query parameters): validated here. `limits` exists for tests. */
export async function exportAuditLog(
  actor: StaffActor,
  filters: unknown,
  format: AuditExportFormat,
  context: RequestContext,
  limits: { maxRows?: number; pageSize?: number } = {},
): Promise<AuditExport> {
  assertCanReadAuditLog(actor);
  if (!auditExportFormats.includes(format)) throw new AppError('bad_request:audit_export_format', 'Choose CSV or FHIR.');
  const parsed = parseAuditLogFilters(filters);
  const maxRows = limits.maxRows ?? auditExportMaxRows;
  const pageSize = limits.pageSize ?? auditExportPageSize;
  const startedAt = new Date();

  const start = await db().transaction(async (tx) => {
    const [facility] = await tx.select({ name: facilities.name }).from(facilities).where(eq(facilities.id, actor.facilityId));
    const firstPage = await readAuditLogPage(tx, actor.facilityId, parsed, { limit: pageSize });
    const rows = firstPage.length === 0 ? 0 : await countAuditLog(tx, actor.facilityId, parsed, { atMostId: firstPage[0]!.id, cap: maxRows });
    const tooMany = rows > maxRows;
    await recordAudit(tx, {
      type: 'AUDIT_LOG_EXPORTED',
      actor: staffAuditActor(actor),
      context,
      ...(tooMany && { outcome: 'failure' as const, reason: 'too_many_rows' }),
      details: { ...(await auditedFilters(tx, actor.facilityId, parsed)), format, rows: tooMany ? `more than ${maxRows}` : rows },
    });
    return { observer: { facilityId: actor.facilityId, facilityName: facility?.name ?? '' }, firstPage, rows, tooMany };
  });
  // The refusal is on record (committed above); the request fails.
  if (start.tooMany) {
    throw new AppError('unprocessable:audit_export_too_large', `More than ${maxRows.toLocaleString('en')} events match: narrow the filters (a shorter date range, a patient or a user) and export again.`);
  }

  const rows = allRows(actor.facilityId, parsed, start.firstPage, pageSize);
  const stamp = startedAt.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-');
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', fileName: `audit-log-${stamp}.csv`, rows: start.rows, body: coalesce(csvChunks(rows)) }
    : { contentType: 'application/fhir+json', fileName: `audit-log-${stamp}.fhir.json`, rows: start.rows, body: coalesce(fhirBundleChunks(rows, start.observer, startedAt)) };
}

/** The first page, then the older ones, one page in memory at a time. */
async function* allRows(facilityId: string, filters: AuditLogFilters, firstPage: AuditLogRow[], pageSize: number): AsyncGenerator<AuditLogRow> {
  let page = firstPage;
  while (page.length > 0) {
    yield* page;
    if (page.length < pageSize) return;
    page = await readAuditLogPage(db(), facilityId, filters, { before: page[page.length - 1]!.id, limit: pageSize });
  }
}

async function* csvChunks(rows: AsyncIterable<AuditLogRow>): AsyncGenerator<string> {
  yield auditCsvHeader;
  for await (const row of rows) yield auditCsvLine(row);
}

/** Joins small pieces into chunks of about 64 KB: a few hundred writes, not one per event. */
async function* coalesce(pieces: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

