// What the audit record of a search or an export says about its filters. The
// free-text filters (a patient's name or MRN, a user's e-mail) are kept as a keyed
// hash of the words (search-term-hash.ts) plus the references they matched at the
// time (patient ids, user ids): "who searched for this patient" is answered by the
// patient's id, "who searched for 'Doe'" by hashing 'Doe'. The words themselves
// never enter audit_events, whose rows can never be erased.
import type { DbOrTx } from '@/db/client';
import { filtersUsed, patientsMatching, usersMatching, type AuditLogFilters } from './audit-log-query';
import { searchTermHash } from './search-term-hash';

/** Past this many matches only the count is kept: "a" matches half the patients. */
export const maxRecordedMatches = 20;

export type AuditedFilters = {
  /** The filters set; `patient` and `user` as keyed hashes. */
  filters: Record<string, string>;
  matchedPatientRefs?: string[] | { count: string };
  matchedUserIds?: string[] | { count: string };
};

export async function auditedFilters(q: DbOrTx, facilityId: string, filters: AuditLogFilters): Promise<AuditedFilters> {
  const { patient, user, ...rest } = filtersUsed(filters);
  const recorded: AuditedFilters = { filters: { ...rest } };
  if (patient !== undefined) {
    recorded.filters.patient = searchTermHash(patient);
    const found = await patientsMatching(q, facilityId, patient).limit(maxRecordedMatches + 1);
    recorded.matchedPatientRefs = capped(found.map((p) => p.id));
  }
  if (user !== undefined) {
    recorded.filters.user = searchTermHash(user);
    const found = await usersMatching(q, user).limit(maxRecordedMatches + 1);
    recorded.matchedUserIds = capped(found.map((u) => u.id));
  }
  return recorded;
}

const capped = (ids: string[]) => (ids.length > maxRecordedMatches ? { count: `more than ${maxRecordedMatches}` } : ids.sort());
