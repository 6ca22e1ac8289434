// The closed set of audit event types, each with its FHIR AuditEvent.action (C create,
// R read, U update, D delete, E execute). Rows are hash-chained by the database
// (audit_chain, lib/audit/verify-audit-chain.ts) and exported as FHIR AuditEvent
// (lib/audit/export/fhir-audit-events.ts).

export const auditEventTypes = [
  'STAFF_SIGNED_IN',
  'STAFF_SIGN_IN_FAILED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'USER_ROLES_CHANGED',
  'IDENTITY_PROVIDER_CHANGED',
  'FACILITY_DETAILS_CHANGED',
  // Accounts made at first institutional sign-in, roles from IdP groups, verified addresses
  'USER_CREATED',
  'ROLES_GRANTED',
  'EMAIL_DOMAIN_APPROVED',
  'INBOX_ADDRESS_CODE_SENT',
  'INBOX_ADDRESS_CONFIRMED',
  'INSTANCE_INGESTED',
  'INSTANCE_REJECTED',
  'SHARE_LINK_CREATED',
  'SHARE_LINK_OPENED',
  'SHARE_LINK_REJECTED',
  'ACCESS_CHECK_FAILED',
  'SHARE_LINK_LOCKED',
  'SHARE_LINK_REVOKED',
  'SHARED_STUDIES_LISTED',
  'INBOX_LISTED',
  'STUDY_VIEWED',
  'STUDY_DOWNLOADED',
  'AUDIT_LOG_VIEWED',
  'AUDIT_LOG_EXPORTED',
  'SHARE_LINK_CREATE_REFUSED',
  'CONSENT_GRANTED',
  'CONSENT_CHANGED',
  'CONSENT_WITHDRAWN',
  'CONSENTS_LISTED',
  'CONSENT_EVIDENCE_VIEWED',
  'STUDIES_LISTED',
  'STUDY_RECORD_VIEWED',
  'SHARE_LINK_UNLOCKED',
  'SHARE_LINK_EXTENDED',
  'SHARE_LINKS_LISTED',
  'SHARE_LINK_FORWARDED',
  'INBOX_STUDY_REVIEWED',
  'SHARE_LINK_EMAILED',
  'ONE_TIME_CODE_SENT',
  // Upload links ("send us your images") and the quarantine inbox
  'UPLOAD_LINK_CREATED',
  'UPLOAD_LINK_REVOKED',
  'UPLOAD_LINKS_LISTED',
  'UPLOAD_LINK_OPENED',
  'UPLOAD_LINK_REJECTED',
  'UPLOAD_LINK_LOCKED',
  'QUARANTINE_FILE_RECEIVED',
  'QUARANTINE_FILE_REFUSED',
  'QUARANTINE_LISTED',
  'QUARANTINE_ACCEPTED',
  'QUARANTINE_REJECTED',
  // A refused request for a named resource (not found, another facility's, not the actor's)
  'ACCESS_REFUSED',
  // Storage hygiene jobs (lib/storage/): a stored object failed its re-read; unreferenced objects removed
  'STORAGE_INTEGRITY_FAILED',
  'ORPHAN_OBJECTS_DELETED',
] as const;

export type AuditEventType = (typeof auditEventTypes)[number];

export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** What each event does to its subject, as FHIR AuditEvent.action. */
export const auditActionOf: Record<AuditEventType, AuditAction> = {
  STAFF_SIGNED_IN: 'E',
  STAFF_SIGN_IN_FAILED: 'E',
  USER_DEACTIVATED: 'U',
  USER_REACTIVATED: 'U',
  USER_ROLES_CHANGED: 'U',
  IDENTITY_PROVIDER_CHANGED: 'U',
  // A facility admin changed the name, phone, address or help text recipients see.
  FACILITY_DETAILS_CHANGED: 'U',
  USER_CREATED: 'C',
  ROLES_GRANTED: 'U',
  // A platform operator approves (or withdraws approval of) a contested domain claim.
  EMAIL_DOMAIN_APPROVED: 'U',
  INBOX_ADDRESS_CODE_SENT: 'E',
  INBOX_ADDRESS_CONFIRMED: 'E',
  INSTANCE_INGESTED: 'C',
  INSTANCE_REJECTED: 'C',
  SHARE_LINK_CREATED: 'C',
  SHARE_LINK_CREATE_REFUSED: 'C',
  SHARE_LINK_OPENED: 'E',
  SHARE_LINK_REJECTED: 'E',
  ACCESS_CHECK_FAILED: 'E',
  SHARE_LINK_LOCKED: 'U',
  SHARE_LINK_REVOKED: 'U',
  SHARED_STUDIES_LISTED: 'R',
  INBOX_LISTED: 'R',
  STUDY_VIEWED: 'R',
  STUDY_DOWNLOADED: 'R',
  AUDIT_LOG_VIEWED: 'R',
  AUDIT_LOG_EXPORTED: 'R',
  CONSENT_GRANTED: 'C',
  CONSENT_CHANGED: 'U',
  CONSENT_WITHDRAWN: 'U',
  CONSENTS_LISTED: 'R',
  CONSENT_EVIDENCE_VIEWED: 'R',
  STUDIES_LISTED: 'R',
  STUDY_RECORD_VIEWED: 'R',
  SHARE_LINK_UNLOCKED: 'U',
  SHARE_LINK_EXTENDED: 'U',
  SHARE_LINKS_LISTED: 'R',
  SHARE_LINK_FORWARDED: 'C',
  INBOX_STUDY_REVIEWED: 'U',
  SHARE_LINK_EMAILED: 'E',
  ONE_TIME_CODE_SENT: 'E',
  UPLOAD_LINK_CREATED: 'C',
  UPLOAD_LINK_REVOKED: 'U',
  UPLOAD_LINKS_LISTED: 'R',
  UPLOAD_LINK_OPENED: 'E',
  UPLOAD_LINK_REJECTED: 'E',
  UPLOAD_LINK_LOCKED: 'U',
  QUARANTINE_FILE_RECEIVED: 'C',
  QUARANTINE_FILE_REFUSED: 'C',
  QUARANTINE_LISTED: 'R',
  // Files the quarantine held become the facility's instances (imported under the named patient).
  QUARANTINE_ACCEPTED: 'C',
  // The quarantined files and their objects are deleted.
  QUARANTINE_REJECTED: 'D',
  // What was asked of the resource is not known in general; a refusal is recorded as an attempt to read it.
  ACCESS_REFUSED: 'R',
  // The scrub re-read an object and found it changed or gone (the subject is its instance).
  STORAGE_INTEGRITY_FAILED: 'E',
  // Objects no row named, past the grace period, deleted (a count; no keys).
  ORPHAN_OBJECTS_DELETED: 'D',
};

/** Why a share link was refused. Recorded, never shown: outside, all of them are "not found". */
export type ShareLinkRejection =
  | 'unknown_token'
  | 'expired'
  | 'revoked'
  | 'locked'
  | 'consent_withdrawn'
  | 'consent_expired'
  | 'consent_no_longer_covers'
  | 'parent_link_ended'
  | 'max_opens_reached'
  | 'download_not_allowed'
  | 'session_invalid'
  /** A session of one link asked for another link's pages or files (the row names both). */
  | 'session_of_other_link'
  | 'study_not_in_link'
  /** Opened from an inbox whose account carries the address, but the address is not verified for it. */
  | 'recipient_not_verified';

/** Why an upload link was refused. Recorded, never shown: outside, all of them are "not found". */
export type UploadLinkRejection = 'unknown_token' | 'expired' | 'revoked' | 'locked' | 'session_invalid' | 'session_of_other_link';

/** Why a request for a named resource was refused (ACCESS_REFUSED). Recorded, never shown. */
export type AccessRefusalReason =
  /** The id is not an id at all (not stored: it is request text). */
  | 'malformed_id'
  /** Nothing has that id. */
  | 'not_found'
  /** It exists, in another facility. */
  | 'other_facility'
  /** It exists in the actor's facility, but not for this actor or not in this state. */
  | 'not_permitted'
  /** The actor's refusals this minute reached the limit: further ones are counted, not recorded one by one. */
  | 'refusals_rate_limited';
