// The audit log as FHIR R4 AuditEvent resources, shaped after IHE Basic Audit Log
// Patterns (BALP) so a SIEM or an ATNA audit repository can take them as they are.
//
// What each event type becomes (AuditEvent.type, plus a subtype where DICOM or BALP has one;
// every event also carries our own code, the event type, in subtype under auditEventCodeSystem):
//
// | event types                                                     | type                              | subtype (besides ours)           |
// |-----------------------------------------------------------------|-----------------------------------|----------------------------------|
// | STAFF_SIGNED_IN, STAFF_SIGN_IN_FAILED                            | DCM 110114 User Authentication    | DCM 110122 Login                 |
// | SHARE_LINK_OPENED, SHARE_LINK_REJECTED, ACCESS_CHECK_FAILED      | DCM 110114 User Authentication    | DCM 110122 Login                 |
// | SHARE_LINK_LOCKED                                                | DCM 110113 Security Alert         | —                                |
// | ONE_TIME_CODE_SENT (the e-mailed second factor)                  | DCM 110114 User Authentication    | DCM 110122 Login                 |
// | SHARE_LINK_EMAILED                                               | DCM 110100 Application Activity   | —                                |
// | USER_DEACTIVATED, USER_REACTIVATED                               | DCM 110113 Security Alert         | DCM 110137 User Security Attributes Changed |
// | USER_ROLES_CHANGED                                               | DCM 110113 Security Alert         | DCM 110136 Security Roles Changed |
// | IDENTITY_PROVIDER_CHANGED                                        | DCM 110113 Security Alert         | DCM 110129 Security Configuration |
// | FACILITY_DETAILS_CHANGED (contact details recipients see)        | DCM 110100 Application Activity   | —                                |
// | USER_CREATED (first institutional sign-in)                       | DCM 110113 Security Alert         | DCM 110137 User Security Attributes Changed |
// | ROLES_GRANTED (from IdP groups)                                  | DCM 110113 Security Alert         | DCM 110136 Security Roles Changed |
// | EMAIL_DOMAIN_APPROVED (platform operator)                        | DCM 110113 Security Alert         | DCM 110129 Security Configuration |
// | INBOX_ADDRESS_CODE_SENT, INBOX_ADDRESS_CONFIRMED                 | DCM 110114 User Authentication    | DCM 110122 Login                 |
// | INSTANCE_INGESTED, INSTANCE_REJECTED                             | DCM 110107 Import                 | —                                |
// | SHARE_LINK_CREATED, SHARE_LINK_CREATE_REFUSED                    | audit-event-type rest (BALP Create) | restful-interaction create     |
// | SHARE_LINK_FORWARDED                                             | audit-event-type rest (BALP Create) | restful-interaction create     |
// | SHARE_LINK_REVOKED, _UNLOCKED, _EXTENDED, INBOX_STUDY_REVIEWED   | audit-event-type rest (BALP Update) | restful-interaction update     |
// | STUDIES_LISTED, SHARED_STUDIES_LISTED, INBOX_LISTED, CONSENTS_LISTED, SHARE_LINKS_LISTED | DCM 110112 Query | —              |
// | STUDY_VIEWED                                                     | DCM 110103 DICOM Instances Accessed | —                              |
// | STUDY_DOWNLOADED                                                 | DCM 110106 Export                 | —                                |
// | STUDY_RECORD_VIEWED (a study's page, staff)                      | DCM 110110 Patient Record         | —                                |
// | CONSENT_GRANTED, CONSENT_CHANGED, CONSENT_WITHDRAWN, CONSENT_EVIDENCE_VIEWED | DCM 110110 Patient Record | —                     |
// | AUDIT_LOG_VIEWED, AUDIT_LOG_EXPORTED                             | DCM 110101 Audit Log Used         | —                                |
// | UPLOAD_LINK_OPENED, UPLOAD_LINK_REJECTED                         | DCM 110114 User Authentication    | DCM 110122 Login                 |
// | UPLOAD_LINK_LOCKED                                               | DCM 110113 Security Alert         | —                                |
// | UPLOAD_LINK_CREATED                                              | audit-event-type rest (BALP Create) | restful-interaction create     |
// | UPLOAD_LINK_REVOKED                                              | audit-event-type rest (BALP Update) | restful-interaction update     |
// | UPLOAD_LINKS_LISTED, QUARANTINE_LISTED                           | DCM 110112 Query                  | —                                |
// | QUARANTINE_FILE_RECEIVED, QUARANTINE_FILE_REFUSED, QUARANTINE_ACCEPTED | DCM 110107 Import           | —                                |
// | QUARANTINE_REJECTED                                              | DCM 110105 DICOM Study Deleted    | —                                |
// | ACCESS_REFUSED                                                   | DCM 110113 Security Alert         | —                                |
// | STORAGE_INTEGRITY_FAILED                                         | DCM 110113 Security Alert         | —                                |
// | ORPHAN_OBJECTS_DELETED                                           | DCM 110100 Application Activity   | —                                |
// | a type this build does not know (an older row)                  | DCM 110100 Application Activity   | —                                |
//
// Other elements: action = the row's C/R/U/D/E; outcome 0 (success) or 4 (minor failure:
// every failure we record is a refusal, never a crash) with outcomeDesc = the reason;
// purposeOfEvent = the HL7 v3 PurposeOfUse code; one agent, the requestor (staff user,
// share link, upload link, or anonymous), with its role(s), its BALP user-agent type (PAT for the
// patient, IRCP for reads, AUT for writes) and its IP address (network type 2); source =
// this facility's ScanShare deployment (security-source-type 4, application server);
// entities: the patient (Person/Patient, MRN under urn:scanshare:facility:<id>:mrn), each
// study (System Object/Report, urn:dicom:uid + urn:oid:<StudyInstanceUID>) and the subject
// (e.g. the share link, a Security Resource). Never a token, an access-check answer or `details`.
import { createHash } from 'node:crypto';
import { auditEventTypes, type AuditEventType } from '../audit-event-types';
import type { AuditLogRow } from '../audit-log-query';
import { purposeOfUseCodes, purposeOfUseSystem, uploadLinkHolderRole, type PurposeOfUse } from '../purpose-of-use';

export type Coding = { system: string; code: string; display?: string };
type Identifier = { system: string; value: string };
type Reference = { type?: string; identifier?: Identifier; display?: string };
export type FhirAuditEvent = {
  resourceType: 'AuditEvent';
  id: string;
  type: Coding;
  subtype: Coding[];
  action: AuditLogRow['action'];
  recorded: string;
  outcome: '0' | '4';
  outcomeDesc?: string;
  purposeOfEvent?: { coding: Coding[] }[];
  agent: {
    type?: { coding: Coding[] };
    role?: { coding: Coding[] }[];
    who?: Reference;
    requestor: boolean;
    network?: { address: string; type: '2' };
  }[];
  source: { site?: string; observer: Reference; type: Coding[] };
  entity?: { what: Reference; type: Coding; role: Coding }[];
};
export type FhirBundle = {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry?: { fullUrl: string; resource: FhirAuditEvent }[];
};

const base = 'https://scanshare.example/fhir';
/** Our event types (AUDIT_LOG_VIEWED…) as codes. */
export const auditEventCodeSystem = `${base}/CodeSystem/audit-event`;
/** Staff roles and link-holder kinds as they appear in actor_role. */
export const actorRoleCodeSystem = `${base}/CodeSystem/actor-role`;
const namingSystem = (kind: string) => `${base}/NamingSystem/${kind}`;
export const mrnSystem = (facilityId: string) => `urn:scanshare:facility:${facilityId}:mrn`;

const dcm = (code: string, display: string): Coding => ({ system: 'http://dicom.nema.org/resources/ontology/DCM', code, display });
const rest: Coding = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' };
const interaction = (code: 'create' | 'update'): Coding => ({ system: 'http://hl7.org/fhir/restful-interaction', code });

const login = { type: dcm('110114', 'User Authentication'), subtype: dcm('110122', 'Login') };
const securityAlert = dcm('110113', 'Security Alert');
const query = { type: dcm('110112', 'Query') };
const patientRecord = { type: dcm('110110', 'Patient Record') };
const auditLogUsed = { type: dcm('110101', 'Audit Log Used') };

/** The table above, checked for completeness by the compiler. */
type EventCodes = { type: Coding; subtype?: Coding };
export const fhirEventCodes: Record<AuditEventType, EventCodes> = {
  STAFF_SIGNED_IN: login,
  STAFF_SIGN_IN_FAILED: login,
  SHARE_LINK_OPENED: login,
  SHARE_LINK_REJECTED: login,
  ACCESS_CHECK_FAILED: login,
  SHARE_LINK_LOCKED: { type: securityAlert },
  USER_DEACTIVATED: { type: securityAlert, subtype: dcm('110137', 'User Security Attributes Changed') },
  USER_REACTIVATED: { type: securityAlert, subtype: dcm('110137', 'User Security Attributes Changed') },
  USER_ROLES_CHANGED: { type: securityAlert, subtype: dcm('110136', 'Security Roles Changed') },
  IDENTITY_PROVIDER_CHANGED: { type: securityAlert, subtype: dcm('110129', 'Security Configuration') },
  FACILITY_DETAILS_CHANGED: { type: dcm('110100', 'Application Activity') },
  USER_CREATED: { type: securityAlert, subtype: dcm('110137', 'User Security Attributes Changed') },
  ROLES_GRANTED: { type: securityAlert, subtype: dcm('110136', 'Security Roles Changed') },
  EMAIL_DOMAIN_APPROVED: { type: securityAlert, subtype: dcm('110129', 'Security Configuration') },
  INBOX_ADDRESS_CODE_SENT: login,
  INBOX_ADDRESS_CONFIRMED: login,
  INSTANCE_INGESTED: { type: dcm('110107', 'Import') },
  INSTANCE_REJECTED: { type: dcm('110107', 'Import') },
  SHARE_LINK_CREATED: { type: rest, subtype: interaction('create') },
  SHARE_LINK_CREATE_REFUSED: { type: rest, subtype: interaction('create') },
  SHARE_LINK_REVOKED: { type: rest, subtype: interaction('update') },
  SHARE_LINK_UNLOCKED: { type: rest, subtype: interaction('update') },
  SHARE_LINK_EXTENDED: { type: rest, subtype: interaction('update') },
  SHARE_LINK_FORWARDED: { type: rest, subtype: interaction('create') },
  INBOX_STUDY_REVIEWED: { type: rest, subtype: interaction('update') },
  SHARE_LINK_EMAILED: { type: dcm('110100', 'Application Activity') },
  ONE_TIME_CODE_SENT: login,
  SHARE_LINKS_LISTED: query,
  STUDIES_LISTED: query,
  SHARED_STUDIES_LISTED: query,
  INBOX_LISTED: query,
  CONSENTS_LISTED: query,
  STUDY_VIEWED: { type: dcm('110103', 'DICOM Instances Accessed') },
  STUDY_DOWNLOADED: { type: dcm('110106', 'Export') },
  STUDY_RECORD_VIEWED: patientRecord,
  CONSENT_GRANTED: patientRecord,
  CONSENT_CHANGED: patientRecord,
  CONSENT_WITHDRAWN: patientRecord,
  CONSENT_EVIDENCE_VIEWED: patientRecord,
  AUDIT_LOG_VIEWED: auditLogUsed,
  AUDIT_LOG_EXPORTED: auditLogUsed,
  UPLOAD_LINK_CREATED: { type: rest, subtype: interaction('create') },
  UPLOAD_LINK_REVOKED: { type: rest, subtype: interaction('update') },
  UPLOAD_LINKS_LISTED: query,
  UPLOAD_LINK_OPENED: login,
  UPLOAD_LINK_REJECTED: login,
  UPLOAD_LINK_LOCKED: { type: securityAlert },
  QUARANTINE_FILE_RECEIVED: { type: dcm('110107', 'Import') },
  QUARANTINE_FILE_REFUSED: { type: dcm('110107', 'Import') },
  QUARANTINE_LISTED: query,
  QUARANTINE_ACCEPTED: { type: dcm('110107', 'Import') },
  QUARANTINE_REJECTED: { type: dcm('110105', 'DICOM Study Deleted') },
  ACCESS_REFUSED: { type: securityAlert },
  STORAGE_INTEGRITY_FAILED: { type: securityAlert },
  ORPHAN_OBJECTS_DELETED: { type: dcm('110100', 'Application Activity') },
};
const applicationActivity: EventCodes = { type: dcm('110100', 'Application Activity') };

const knownTypes: ReadonlySet<string> = new Set(auditEventTypes);
const codesOf = (type: string): EventCodes => (knownTypes.has(type) ? fhirEventCodes[type as AuditEventType] : applicationActivity);

const entityType = (code: '1' | '2', display: string): Coding => ({ system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code, display });
const objectRole = (code: string, display: string): Coding => ({ system: 'http://terminology.hl7.org/CodeSystem/object-role', code, display });
const person = entityType('1', 'Person');
const systemObject = entityType('2', 'System Object');

/** How a subject that is not the patient or one of the studies appears as an entity. */
const subjectEntity: Record<string, { type: Coding; role: Coding }> = {
  share_link: { type: systemObject, role: objectRole('13', 'Security Resource') },
  upload_link: { type: systemObject, role: objectRole('13', 'Security Resource') },
  quarantine_file: { type: systemObject, role: objectRole('3', 'Report') },
  identity_provider: { type: systemObject, role: objectRole('13', 'Security Resource') },
  facility: { type: systemObject, role: objectRole('4', 'Domain Resource') },
  user: { type: person, role: objectRole('6', 'User') },
  consent: { type: systemObject, role: objectRole('4', 'Domain Resource') },
  consent_version: { type: systemObject, role: objectRole('4', 'Domain Resource') },
  instance: { type: systemObject, role: objectRole('3', 'Report') },
  study: { type: systemObject, role: objectRole('3', 'Report') },
  patient: { type: person, role: objectRole('1', 'Patient') },
};

/** The deployment that observed the events: one facility's ScanShare. */
export type AuditObserver = { facilityId: string; facilityName: string };

function agentType(row: AuditLogRow): Coding | null {
  if (row.actorRole === 'patient') return { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PAT', display: 'patient' };
  const participation = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
  if (row.action === 'R') return { system: participation, code: 'IRCP', display: 'information recipient' };
  if (row.action === 'C' || row.action === 'U' || row.action === 'D') return { system: participation, code: 'AUT', display: 'author' };
  return null;
}

function agentOf(row: AuditLogRow): FhirAuditEvent['agent'][number] {
  const type = agentType(row);
  const roles = row.actorRole?.split(' ').filter(Boolean) ?? [];
  const who: Reference =
    row.actorType === 'user' && row.actorId
      ? { identifier: { system: namingSystem('user'), value: row.actorId }, display: row.actorDisplay }
      : row.actorType === 'link' && row.actorId
        ? // An upload link's holder is recorded as a link too, told apart by its role.
          { identifier: { system: namingSystem(row.actorRole === uploadLinkHolderRole ? 'upload-link' : 'share-link'), value: row.actorId }, display: row.actorDisplay }
        : { display: row.actorDisplay };
  return {
    ...(type && { type: { coding: [type] } }),
    ...(roles.length > 0 && { role: roles.map((code) => ({ coding: [{ system: actorRoleCodeSystem, code }] })) }),
    who,
    requestor: true,
    ...(row.clientIp && { network: { address: row.clientIp, type: '2' as const } }),
  };
}

function entitiesOf(row: AuditLogRow): NonNullable<FhirAuditEvent['entity']> {
  const entities: NonNullable<FhirAuditEvent['entity']> = [];
  if (row.patient) {
    const identifier = row.patient.mrn !== null ? { system: mrnSystem(row.facilityId), value: row.patient.mrn } : { system: namingSystem('patient'), value: row.patient.ref };
    entities.push({ what: { type: 'Patient', identifier, ...(row.patient.name && { display: row.patient.name }) }, type: person, role: objectRole('1', 'Patient') });
  }
  for (const study of row.studies) {
    const identifier = study.uid !== null ? { system: 'urn:dicom:uid', value: `urn:oid:${study.uid}` } : { system: namingSystem('study'), value: study.id };
    entities.push({ what: { type: 'ImagingStudy', identifier, ...(study.description && { display: study.description }) }, ...subjectEntity.study! });
  }
  const alreadyListed = row.subjectId !== null && (row.subjectId === row.patient?.ref || row.studies.some((s) => s.id === row.subjectId));
  const subject = row.subjectType ? subjectEntity[row.subjectType] : undefined;
  if (row.subjectType && row.subjectId && subject && !alreadyListed) {
    entities.push({ what: { identifier: { system: namingSystem(row.subjectType.replaceAll('_', '-')), value: row.subjectId } }, ...subject });
  }
  return entities;
}

export function toFhirAuditEvent(row: AuditLogRow, observer: AuditObserver): FhirAuditEvent {
  const codes = codesOf(row.type);
  const purpose = row.purposeOfUse && row.purposeOfUse in purposeOfUseCodes ? (row.purposeOfUse as PurposeOfUse) : null;
  const entity = entitiesOf(row);
  return {
    resourceType: 'AuditEvent',
    id: String(row.id),
    type: codes.type,
    subtype: [...(codes.subtype ? [codes.subtype] : []), { system: auditEventCodeSystem, code: row.type }],
    action: row.action,
    recorded: row.occurredAt.toISOString(),
    outcome: row.outcome === 'success' ? '0' : '4',
    ...(row.reason && { outcomeDesc: row.reason }),
    ...(purpose && { purposeOfEvent: [{ coding: [{ system: purposeOfUseSystem, code: purpose, display: purposeOfUseCodes[purpose] }] }] }),
    agent: [agentOf(row)],
    source: {
      site: observer.facilityName,
      observer: { type: 'Device', identifier: { system: namingSystem('facility'), value: observer.facilityId }, display: `ScanShare · ${observer.facilityName}` },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entity.length > 0 && { entity }),
  };
}

/** A stable urn:uuid per event (UUID v5 of its id), so two exports name an event the same way. */
export function fullUrlOf(eventId: number): string {
  const hash = createHash('sha1').update(Buffer.from('5f1b4c8e9a0d4e2fb6a7c3d2e1f00a11', 'hex')).update(`audit-event:${eventId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function fhirBundleEntry(row: AuditLogRow, observer: AuditObserver): { fullUrl: string; resource: FhirAuditEvent } {
  return { fullUrl: fullUrlOf(row.id), resource: toFhirAuditEvent(row, observer) };
}

/**
 * The Bundle as text, entry by entry, for streaming with bounded memory. FHIR JSON
 * has no empty arrays, so a Bundle with no events has no `entry` at all.
 */
export async function* fhirBundleChunks(rows: AsyncIterable<AuditLogRow>, observer: AuditObserver, timestamp: Date): AsyncGenerator<string> {
  yield JSON.stringify({ resourceType: 'Bundle', type: 'collection', timestamp: timestamp.toISOString() }).slice(0, -1);
  let first = true;
  for await (const row of rows) {
    yield `${first ? ',"entry":[' : ','}${JSON.stringify(fhirBundleEntry(row, observer))}`;
    first = false;
  }
  yield first ? '}' : ']}';
}

/** The same Bundle in memory. */
export function fhirAuditBundle(rows: readonly AuditLogRow[], observer: AuditObserver, timestamp = new Date()): FhirBundle {
  const bundle: FhirBundle = { resourceType: 'Bundle', type: 'collection', timestamp: timestamp.toISOString() };
  if (rows.length > 0) bundle.entry = rows.map((r) => fhirBundleEntry(r, observer));
  return bundle;
}
