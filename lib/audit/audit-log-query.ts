// The audit log as compliance reads it: the filters a search or an export takes,
// the one predicate that scopes every read to the actor's facility, and the rows
// with what a person needs to read them (who, which patient, which study).
// Shared by the search page (search-audit-log.ts) and the exports (export/).
import { and, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { auditEvents, patients, studies, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { auditEventTypes } from './audit-event-types';

/** A form field: trimmed; empty means "not filtered". */
const field = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.string().max(max).optional());
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values).optional());
const day = z.preprocess((v) => (v === '' ? undefined : v), z.iso.date({ error: 'Use a date like 2026-01-31.' }).optional());

/** What a compliance officer can ask of the audit log. Unknown keys are ignored. */
export const auditLogFilters = z
  .object({
    /** A PatientID (MRN), exactly, or part of a patient's name. */
    patient: field(200),
    /** A Study Instance UID or an accession number, exactly. */
    study: field(200),
    /** A staff user's e-mail address. */
    user: field(320),
    /** A share link's id. */
    link: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.uuid({ error: 'A share link id looks like 0f8fad5b-d9cb-469f-a165-70867728950e.' }).optional()),
    type: choice(auditEventTypes),
    action: choice(['C', 'R', 'U', 'D', 'E']),
    outcome: choice(['success', 'failure']),
    /** UTC days, both included. */
    from: day,
    to: day,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The "from" date is after the "to" date.', path: ['to'] });

export type AuditLogFilters = z.output<typeof auditLogFilters>;

/** A keyset cursor: only events with a smaller id (older) than this. */
export const auditLogCursor = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional());

export function parseAuditLogFilters(input: unknown): AuditLogFilters {
  const parsed = auditLogFilters.safeParse(input ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'filters'}: ${i.message}`).join(' ');
    throw new AppError('bad_request:audit_log_filters', message.slice(0, 500));
  }
  return parsed.data;
}

/** The filters actually set, as typed. Never recorded as such: see audited-filters.ts. */
export function filtersUsed(filters: AuditLogFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Who may read the audit trail of their facility. */
export function assertCanReadAuditLog(actor: StaffActor): void {
  if (!can(actor, 'audit_log:read')) throw new AppError('forbidden:audit_log');
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;
const startOfDay = (date: string) => new Date(`${date}T00:00:00.000Z`);
const dayAfter = (date: string) => new Date(startOfDay(date).getTime() + 86_400_000);

/** The facility's patients a `patient` filter means: the MRN exactly, or part of the name. */
export function patientsMatching(q: DbOrTx, facilityId: string, text: string) {
  const pattern = likePattern(text);
  return q
    .select({ id: patients.id })
    .from(patients)
    .where(
      and(
        eq(patients.facilityId, facilityId),
        // DICOM names are DOE^JANE: match them as typed and with ^ read as a space.
        or(eq(patients.patientId, text), ilike(patients.name, pattern), ilike(sql`replace(${patients.name}, '^', ' ')`, pattern)),
      ),
    );
}

/** The users (of any facility) a `user` filter means: the e-mail address, in any case. */
export function usersMatching(q: DbOrTx, email: string) {
  return q.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
}

/**
 * SECURITY-CRITICAL: the audit events one facility's compliance staff may read.
 * Always starts from `facility_id = <the actor's facility>`; every filter only
 * narrows it. A filter that resolves to nothing (an unknown MRN) matches nothing:
 * it is an IN over an empty subquery, never a dropped condition.
 */
export function auditLogWhere(q: DbOrTx, facilityId: string, filters: AuditLogFilters, before?: number): SQL {
  if (typeof facilityId !== 'string' || facilityId.length === 0) throw new Error('auditLogWhere needs the actor’s facility');
  const conditions: SQL[] = [eq(auditEvents.facilityId, facilityId)];
  if (filters.patient !== undefined) conditions.push(inArray(auditEvents.patientRef, patientsMatching(q, facilityId, filters.patient)));
  if (filters.study !== undefined) {
    const matching = q
      .select({ id: studies.id })
      .from(studies)
      .where(and(eq(studies.facilityId, facilityId), or(eq(studies.studyInstanceUid, filters.study), eq(studies.accessionNumber, filters.study))));
    conditions.push(or(sql`${auditEvents.studyIds} && array${matching}`, inArray(auditEvents.subjectId, matching))!);
  }
  if (filters.user !== undefined) {
    // Users of any facility: a specialist signed in through their own institution
    // may act on this facility's data. The facility scope above still holds.
    conditions.push(eq(auditEvents.actorType, 'user'), inArray(auditEvents.actorId, usersMatching(q, filters.user)));
  }
  if (filters.link !== undefined) conditions.push(or(eq(auditEvents.actorId, filters.link), eq(auditEvents.subjectId, filters.link))!);
  if (filters.type !== undefined) conditions.push(eq(auditEvents.type, filters.type));
  if (filters.action !== undefined) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.outcome !== undefined) conditions.push(eq(auditEvents.outcome, filters.outcome));
  if (filters.from !== undefined) conditions.push(gte(auditEvents.occurredAt, startOfDay(filters.from)));
  if (filters.to !== undefined) conditions.push(lt(auditEvents.occurredAt, dayAfter(filters.to)));
  if (before !== undefined) conditions.push(lt(auditEvents.id, before));
  return and(...conditions)!;
}

/** One audit event with what it takes to read it. Never a token, an access-check answer or `details`. */
export type AuditLogRow = {
  id: number;
  occurredAt: Date;
  type: string;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  outcome: 'success' | 'failure';
  reason: string | null;
  facilityId: string;
  actorType: 'user' | 'link' | 'anonymous' | 'system';
  actorId: string | null;
  /** The user's e-mail, "link 1a2b3c4d", "anonymous" or "system". */
  actorDisplay: string;
  actorRole: string | null;
  purposeOfUse: string | null;
  patient: { ref: string; mrn: string | null; name: string | null } | null;
  studies: { id: string; uid: string | null; description: string | null }[];
  subjectType: string | null;
  subjectId: string | null;
  clientIp: string | null;
  userAgent: string | null;
};

/** The matching events, newest first, with their display details. */
export async function readAuditLogPage(
  q: DbOrTx,
  facilityId: string,
  filters: AuditLogFilters,
  page: { before?: number; limit: number },
): Promise<AuditLogRow[]> {
  const events = await q
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      type: auditEvents.type,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      purposeOfUse: auditEvents.purposeOfUse,
      patientRef: auditEvents.patientRef,
      studyIds: auditEvents.studyIds,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      clientIp: auditEvents.clientIp,
      userAgent: auditEvents.userAgent,
    })
    .from(auditEvents)
    .where(auditLogWhere(q, facilityId, filters, page.before))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit);
  if (events.length === 0) return [];

  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  const userIds = unique(events.map((e) => (e.actorType === 'user' ? e.actorId : null)));
  const patientRefs = unique(events.map((e) => e.patientRef));
  const studyIds = unique(events.flatMap((e) => e.studyIds));
  const [userRows, patientRows, studyRows] = await Promise.all([
    // Only ids found in this facility's events: a visiting specialist's e-mail is part of the record.
    userIds.length ? q.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds)) : [],
    patientRefs.length
      ? q
          .select({ id: patients.id, mrn: patients.patientId, name: patients.name })
          .from(patients)
          .where(and(eq(patients.facilityId, facilityId), inArray(patients.id, patientRefs)))
      : [],
    studyIds.length
      ? q
          .select({ id: studies.id, uid: studies.studyInstanceUid, description: studies.description })
          .from(studies)
          .where(and(eq(studies.facilityId, facilityId), inArray(studies.id, studyIds)))
      : [],
  ]);
  const emailOf = new Map(userRows.map((u) => [u.id, u.email]));
  const patientOf = new Map(patientRows.map((p) => [p.id, p]));
  const studyOf = new Map(studyRows.map((s) => [s.id, s]));

  return events.map(({ patientRef, studyIds: ids, ...e }) => ({
    ...e,
    facilityId,
    actorDisplay: actorDisplay(e.actorType, e.actorId, emailOf),
    patient: patientRef ? { ref: patientRef, mrn: patientOf.get(patientRef)?.mrn ?? null, name: patientOf.get(patientRef)?.name ?? null } : null,
    studies: ids.map((id) => ({ id, uid: studyOf.get(id)?.uid ?? null, description: studyOf.get(id)?.description ?? null })),
  }));
}

function actorDisplay(type: AuditLogRow['actorType'], id: string | null, emailOf: Map<string, string>): string {
  if (type === 'user') return (id && emailOf.get(id)) ?? `user ${id?.slice(0, 8) ?? '?'}`;
  if (type === 'link') return `link ${id?.slice(0, 8) ?? '?'}`;
  return type;
}

/** How many events match, counting at most `cap + 1` (enough to say "too many"). */
export async function countAuditLog(q: DbOrTx, facilityId: string, filters: AuditLogFilters, options: { atMostId: number; cap: number }): Promise<number> {
  const matching = q
    .select({ one: sql`1` })
    .from(auditEvents)
    .where(and(auditLogWhere(q, facilityId, filters), sql`${auditEvents.id} <= ${options.atMostId}`))
    .limit(options.cap + 1)
    .as('matching');
  const [row] = await q.select({ n: sql<number>`count(*)::int` }).from(matching);
  return row?.n ?? 0;
}
