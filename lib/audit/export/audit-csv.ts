// The audit log as CSV (RFC 4180: CRLF line ends, fields with a comma, a quote,
// CR or LF in double quotes, quotes doubled). Compliance opens these in a
// spreadsheet, and some cells carry text others chose (a user agent, a patient
// name from a DICOM header), so a cell that a spreadsheet would read as a formula
// (starting with = + - @, a tab or a CR) is prefixed with ' (OWASP's CSV injection advice).
import type { AuditLogRow } from '../audit-log-query';

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const auditCsvColumns = [
  'occurred_at',
  'event_type',
  'action',
  'outcome',
  'reason',
  'actor_type',
  'actor',
  'actor_role',
  'purpose_of_use',
  'patient_mrn',
  'patient_name',
  'study_uids',
  'subject',
  'client_ip',
  'user_agent',
  'event_id',
] as const;

export const auditCsvHeader = csvLine(auditCsvColumns);

/** One event as one CSV line. Study UIDs are space-separated (a UID holds only digits and dots). */
export function auditCsvLine(row: AuditLogRow): string {
  return csvLine([
    row.occurredAt.toISOString(),
    row.type,
    row.action,
    row.outcome,
    row.reason,
    row.actorType,
    row.actorDisplay,
    row.actorRole,
    row.purposeOfUse,
    row.patient?.mrn ?? (row.patient ? `ref ${row.patient.ref}` : null),
    row.patient?.name,
    row.studies.map((s) => s.uid ?? `ref ${s.id}`).join(' '),
    row.subjectType && row.subjectId ? `${row.subjectType}:${row.subjectId}` : null,
    row.clientIp,
    row.userAgent,
    row.id,
  ]);
}
