// The closed set of audit event types. Rows are hash-chained by the database
// (audit_chain, lib/audit/verify-audit-chain.ts); a later issue adds the FHIR export.

export const auditEventTypes = [
  'STAFF_SIGNED_IN',
  'STAFF_SIGN_IN_FAILED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'USER_ROLES_CHANGED',
  'IDENTITY_PROVIDER_CHANGED',
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
] as const;

export type AuditEventType = (typeof auditEventTypes)[number];

/** Why a share link was refused. Recorded, never shown: outside, all of them are "not found". */
export type ShareLinkRejection = 'unknown_token' | 'expired' | 'revoked' | 'locked' | 'session_invalid' | 'study_not_in_link';
