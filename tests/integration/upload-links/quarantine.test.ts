// Files sent through an upload link: held in quarantine (objects under
// quarantine/, rows with what the headers say and where they disagree with the
// named patient), then accepted into the facility's studies under that patient,
// or rejected and deleted. Read back from Postgres and the S3 server, audit rows
// included; every decision also tried by another facility's staff.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, instances, patients, quarantineFiles, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import dicomParser from '@/lib/dicom/dicom-parser';
import { noRequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { acceptQuarantinedStudy } from '@/lib/quarantine/accept-quarantined-study';
import { listQuarantineInbox } from '@/lib/quarantine/list-quarantine-inbox';
import { rejectQuarantinedStudy } from '@/lib/quarantine/reject-quarantined-study';
import { getStudyForStaff } from '@/lib/studies/get-study-for-staff';
import { listFacilityStudies } from '@/lib/studies/list-facility-studies';
import { deleteObject } from '@/lib/storage/objects';
import { listPatientUploadLinks } from '@/lib/upload-links/list-patient-upload-links';
import { revokeUploadLink } from '@/lib/upload-links/revoke-upload-link';
import { auditRowsFor } from '../../support/audit-rows';
import { ingestSmallStudy, smallStudyFiles, type GeneratedFile } from '../../support/generated-study';
import { listKeys, readObject } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';
import { openUploadLinkAsUploader, patientRefOfStudy, sendBytes, uploaderContext } from '../../support/upload-link';

const ctx = { clientIp: '192.0.2.44', userAgent: 'quarantine-test' };
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;
const notDicom = new TextEncoder().encode('These are the discharge notes, not an image.\n'.repeat(10));

let staff: StaffActor;
let stranger: StaffActor;
/** The named patient: PatientID P-…, born 1975-01-02 (tests/support/generated-study.ts). */
let patient: { id: string; patientId: string };

before(async () => {
  const facility = await createFacility();
  staff = await createStaff(facility.id, ['front_desk']);
  stranger = await createStaff((await createFacility()).id, ['front_desk', 'facility_admin']);
  const ref = await patientRefOfStudy((await ingestSmallStudy(staff)).studyId);
  const [row] = await db().select({ id: patients.id, patientId: patients.patientId }).from(patients).where(eq(patients.id, ref));
  patient = row!;
});
after(closeDb);

/** Another hospital's copy of the patient: their own PatientID and, here, a different birth date. */
const foreignStudy = () => smallStudyFiles({ patient: { id: 'OTHER-HOSP-991', name: 'TEST^PATIENT', birthDate: '19750201', sex: 'F' }, studyDescription: 'CT FROM ELSEWHERE' });
/** The same patient as the facility knows them. */
const matchingStudy = () => smallStudyFiles({ patient: { id: patient.patientId, name: 'TEST^PATIENT', birthDate: '19750102', sex: 'F' }, studyDescription: 'CT MATCHING' });

async function sendAll(actor: Parameters<typeof sendBytes>[0], files: GeneratedFile[]) {
  const results = [];
  for (const f of files) results.push(await sendBytes(actor, f.bytes));
  return results;
}

const rowsOf = (uploadLinkId: string) =>
  db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, uploadLinkId)).orderBy(asc(quarantineFiles.receivedAt));

describe('[QUARANTINE] receiving files through an upload link', () => {
  test('a study and a non-DICOM file: the images are held with their header summary, the other is refused and not kept', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    const files = await matchingStudy();
    const instancesBefore = await listKeys('instances/');
    const results = await sendAll(actor, files);
    assert.deepEqual(results.map((r) => r.status), ['received', 'received', 'received']);
    const refused = await sendBytes(actor, notDicom);
    assert.equal(refused.status, 'rejected');
    assert.match(refused.message, /Not a DICOM file.*not kept/);

    const rows = await rowsOf(link.uploadLinkId);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.match(row.objectKey, /^quarantine\/[0-9a-f-]{36}$/);
      assert.equal(row.objectKey, `quarantine/${row.id}`, 'the key is the row id: no patient data in it');
      assert.equal(row.status, 'pending');
      assert.equal(row.facilityId, staff.facilityId);
      assert.deepEqual(row.mismatches, []);
      assert.deepEqual(Object.keys(row.header).sort(), ['birthDate', 'modality', 'patientId', 'patientName', 'seriesInstanceUid', 'sex', 'sopInstanceUid', 'studyDate', 'studyDescription', 'studyInstanceUid']);
      assert.equal(row.header.patientId, patient.patientId);
      assert.equal(row.header.birthDate, '1975-01-02');
      assert.equal(row.header.modality, 'CT');
      assert.equal(row.header.studyDescription, 'CT MATCHING');
      assert.equal(row.sopInstanceUid, row.header.sopInstanceUid);
    }
    const keys = await listKeys('quarantine/');
    assert.ok(rows.every((r) => keys.has(r.objectKey)));
    const sent = new Set(files.map((f) => Buffer.from(f.bytes).toString('base64')));
    for (const row of rows) assert.ok(sent.has((await readObject(row.objectKey)).toString('base64')), 'the object holds the bytes as sent');
    assert.deepEqual(await listKeys('instances/'), instancesBefore, 'nothing reached the studies');

    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, link.uploadLinkId), gt(auditEvents.id, 0))).orderBy(asc(auditEvents.id));
    assert.deepEqual(
      audit.map((a) => [a.type, a.action, a.outcome, a.reason, a.actorType, a.actorRole, a.purposeOfUse, a.patientRef, a.subjectType]),
      [
        ['UPLOAD_LINK_OPENED', 'E', 'success', null, 'link', 'outside_uploader', 'TREAT', patient.id, 'upload_link'],
        ...rows.map(() => ['QUARANTINE_FILE_RECEIVED', 'C', 'success', null, 'link', 'outside_uploader', 'TREAT', patient.id, 'quarantine_file']),
        ['QUARANTINE_FILE_REFUSED', 'C', 'failure', 'not_dicom', 'link', 'outside_uploader', 'TREAT', patient.id, 'upload_link'],
      ],
    );
    assert.deepEqual(audit.filter((a) => a.type === 'QUARANTINE_FILE_RECEIVED').map((a) => a.subjectId), rows.map((r) => r.id));
    assert.ok(audit.every((a) => !JSON.stringify(a.details).includes('TEST^PATIENT')), 'no patient names in the audit details');
    assert.equal(audit[1]!.clientIp, uploaderContext.clientIp);
  });

  test('the same file sent twice is one row and one object (idempotent per SOP Instance UID within the link)', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    const [file] = await matchingStudy();
    assert.equal((await sendBytes(actor, file!.bytes)).status, 'received');
    const keys = await listKeys('quarantine/');
    const again = await sendBytes(actor, file!.bytes);
    assert.deepEqual(again, { status: 'duplicate', message: 'Already received: this image was sent before.' });
    assert.equal((await rowsOf(link.uploadLinkId)).length, 1);
    assert.deepEqual(await listKeys('quarantine/'), keys);
    // Two copies of a new file at once: the link's row lock files them one after the other.
    const [fresh] = await matchingStudy();
    const both = await Promise.all([sendBytes(actor, fresh!.bytes), sendBytes(actor, fresh!.bytes)]);
    assert.deepEqual(both.map((r) => r.status).sort(), ['duplicate', 'received']);
    assert.equal((await rowsOf(link.uploadLinkId)).length, 2);
  });

  test('a study under another PatientID and birth date is held with both mismatches flagged', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await sendAll(actor, await foreignStudy());
    const rows = await rowsOf(link.uploadLinkId);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.mismatches.join() === 'patient_id,birth_date'), JSON.stringify(rows.map((r) => r.mismatches)));
    assert.ok(rows.every((r) => r.header.patientId === 'OTHER-HOSP-991'));
  });

  test('a link revoked while a file is on its way: the file is refused when filed, nothing is kept', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await revokeUploadLink(staff, link.uploadLinkId, ctx);
    const keys = await listKeys('quarantine/');
    await assert.rejects(sendBytes(actor, (await matchingStudy())[0]!.bytes), isNotFound);
    assert.deepEqual(await listKeys('quarantine/'), keys);
    assert.equal((await rowsOf(link.uploadLinkId)).length, 0);
    assert.deepEqual((await auditRowsFor({ subjectId: link.uploadLinkId })).at(-1)!.reason, 'revoked');
  });
});

describe('[QUARANTINE] the inbox and its decisions', () => {
  test('the inbox groups pending files by link and study, with the named patient and the mismatch flag; reading it is recorded', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    const foreign = await foreignStudy();
    const matching = await matchingStudy();
    await sendAll(actor, [...foreign, ...matching]);
    const groups = (await listQuarantineInbox(staff, ctx)).filter((g) => g.uploadLinkId === link.uploadLinkId);
    assert.equal(groups.length, 2);
    const flagged = groups.find((g) => g.mismatches.length > 0)!;
    const clean = groups.find((g) => g.mismatches.length === 0)!;
    assert.deepEqual(flagged.mismatches, ['patient_id', 'birth_date']);
    assert.deepEqual(flagged.header.patientIds, ['OTHER-HOSP-991']);
    assert.deepEqual(flagged.header.birthDates, ['1975-02-01']);
    assert.equal(flagged.files, 3);
    assert.equal(flagged.header.studyDescription, 'CT FROM ELSEWHERE');
    assert.deepEqual(flagged.patient, { id: patient.id, patientId: patient.patientId, name: 'TEST^PATIENT', birthDate: '1975-01-02' });
    assert.equal(clean.header.studyDescription, 'CT MATCHING');
    const [listed] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'QUARANTINE_LISTED'), eq(auditEvents.actorId, staff.userId))).orderBy(asc(auditEvents.id));
    assert.ok(listed);
    assert.ok((listed.details.patientRefs as string[]).includes(patient.id));

    assert.equal((await listQuarantineInbox(stranger, ctx)).filter((g) => g.uploadLinkId === link.uploadLinkId).length, 0, 'another facility sees none of it');
  });

  test('accept: the files become a study of the facility under the named patient, reconciled to its identity; objects placed; rows and audit exact; a retry changes nothing', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    const files = await foreignStudy();
    await sendAll(actor, files);
    const rows = await rowsOf(link.uploadLinkId);
    const studyInstanceUid = rows[0]!.studyInstanceUid;
    const group = { uploadLinkId: link.uploadLinkId, studyInstanceUid };

    // Headers that disagree with the patient need an explicit confirmation.
    await assert.rejects(acceptQuarantinedStudy(staff, group, ctx), (err) => err instanceof AppError && err.code === 'unprocessable:quarantine_mismatch');
    // Another facility: not found, and nothing moves.
    await assert.rejects(acceptQuarantinedStudy(stranger, { ...group, confirmMismatch: true }, ctx), isNotFound);
    await assert.rejects(rejectQuarantinedStudy(stranger, group, ctx), isNotFound);

    const lastAuditId = (await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)!.id;
    const accepted = await acceptQuarantinedStudy(staff, { ...group, confirmMismatch: true }, ctx);
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.facilityId, staff.facilityId), gt(auditEvents.id, lastAuditId))).orderBy(asc(auditEvents.id));
    assert.equal(accepted.studyIds.length, 1);
    assert.deepEqual([accepted.stored, accepted.alreadyHeld, accepted.reconciled], [3, 0, 3]);
    const studyId = accepted.studyIds[0]!;

    const [study] = await db().select().from(studies).where(eq(studies.id, studyId));
    assert.equal(study!.patientRef, patient.id, 'filed under the named patient, not a new OTHER-HOSP-991 one');
    assert.equal(study!.facilityId, staff.facilityId);
    assert.equal((await db().select().from(patients).where(and(eq(patients.facilityId, staff.facilityId), eq(patients.patientId, 'OTHER-HOSP-991')))).length, 0);
    const inList = await listFacilityStudies(staff, { search: 'CT FROM ELSEWHERE' }, noRequestContext);
    assert.deepEqual(inList.map((s) => [s.id, s.patientId]), [[studyId, patient.patientId]]);

    const record = await getStudyForStaff(staff, studyId);
    assert.deepEqual(record.series.map((x) => x.imageCount), [3], 'the study page counts the images');
    const stored = await db().select().from(instances).where(eq(instances.studyId, studyId));
    assert.deepEqual(stored.map((i) => i.id).sort(), rows.map((r) => r.id).sort(), 'each instance keeps its quarantine id');
    const keys = await listKeys('');
    for (const row of rows) {
      assert.ok(!keys.has(row.objectKey), 'the quarantine object is gone');
      assert.ok(keys.has(`instances/${row.id}`), 'the instance object is there');
      const instance = stored.find((i) => i.id === row.id)!;
      // The headers said OTHER-HOSP-991, born 1975-02-01: the served copy is rewritten, the received bytes kept beside it.
      assert.notEqual(instance.sha256, row.sha256);
      assert.deepEqual([instance.receivedObjectKey, instance.receivedSha256, instance.receivedByteSize], [`received/${row.id}`, row.sha256, row.byteSize]);
    }
    for (const f of files) {
      const instance = stored.find((i) => Buffer.from(f.bytes).includes(Buffer.from(i.sopInstanceUid)))!;
      assert.deepEqual(await readObject(instance.receivedObjectKey!), Buffer.from(f.bytes), 'the bytes as sent, kept for the record');
      const served = dicomParser.parseDicom(await readObject(instance.objectKey), { untilTag: 'x7fe00010' });
      assert.deepEqual([served.string('x00100020'), served.string('x00100030')], [patient.patientId, '19750102'], 'the served copy names the patient');
    }
    const decided = await rowsOf(link.uploadLinkId);
    assert.ok(decided.every((r) => r.status === 'accepted' && r.decidedBy === staff.userId && r.decidedAt !== null));

    assert.deepEqual(
      audit.map((a) => [a.type, a.action, a.outcome, a.actorId, a.patientRef, a.studyIds]),
      [
        ...rows.map(() => ['INSTANCE_INGESTED', 'C', 'success', staff.userId, patient.id, [studyId]]),
        ['QUARANTINE_ACCEPTED', 'C', 'success', staff.userId, patient.id, [studyId]],
      ],
    );
    assert.deepEqual(audit.slice(0, 3).map((a) => a.subjectId).sort(), rows.map((r) => r.id).sort());
    assert.deepEqual(audit.slice(0, 3).map((a) => a.details.quarantineFileId).sort(), rows.map((r) => r.id).sort());
    assert.deepEqual(audit[3]!.details, {
      studyInstanceUid,
      files: 3,
      stored: 3,
      alreadyHeld: 0,
      quarantineFileIds: rows.map((r) => r.id),
      reconciled: 3,
      reconciledAttributes: ['PatientBirthDate', 'PatientID'],
      reconciliationReason: 'COERCE',
    });

    // The patient's upload links page counts what came in through each link.
    const page = await listPatientUploadLinks(staff, patient.id, ctx);
    const listed = page.links.find((l) => l.id === link.uploadLinkId)!;
    assert.deepEqual([listed.state, listed.files], ['active', { pending: 0, accepted: 3, rejected: 0 }]);

    // Safe to retry: the same answer, no new rows, no new events but nothing else either.
    const retry = await acceptQuarantinedStudy(staff, { ...group, confirmMismatch: true }, ctx);
    assert.deepEqual(retry, { studyIds: [studyId], stored: 0, alreadyHeld: 0, reconciled: 0 });
    assert.equal((await db().select().from(instances).where(eq(instances.studyId, studyId))).length, 3);
    await assert.rejects(rejectQuarantinedStudy(staff, group, ctx), (err) => err instanceof AppError && err.code === 'conflict:quarantine_decided');
  });

  test('reject: the files are deleted, the rows say rejected, QUARANTINE_REJECTED is recorded; retrying is harmless', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await sendAll(actor, await matchingStudy());
    const rows = await rowsOf(link.uploadLinkId);
    const group = { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid };
    assert.deepEqual(await rejectQuarantinedStudy(staff, group, ctx), { rejected: 3 });
    const keys = await listKeys('');
    assert.ok(rows.every((r) => !keys.has(r.objectKey) && !keys.has(`instances/${r.id}`)));
    const decided = await rowsOf(link.uploadLinkId);
    assert.ok(decided.every((r) => r.status === 'rejected' && r.decidedBy === staff.userId && r.decidedAt !== null));
    const audit = (await auditRowsFor({ subjectId: link.uploadLinkId })).filter((a) => a.actorType === 'user');
    assert.deepEqual(audit.map((a) => [a.type, a.action, a.patientRef]), [['UPLOAD_LINK_CREATED', 'C', patient.id], ['QUARANTINE_REJECTED', 'D', patient.id]]);
    assert.deepEqual(audit[1]!.details, { studyInstanceUid: group.studyInstanceUid, files: 3, quarantineFileIds: rows.map((r) => r.id) });
    assert.deepEqual(await rejectQuarantinedStudy(staff, group, ctx), { rejected: 0 });
    await assert.rejects(acceptQuarantinedStudy(staff, group, ctx), (err) => err instanceof AppError && err.code === 'conflict:quarantine_decided');
    assert.equal((await db().select().from(instances).where(inArray(instances.id, rows.map((r) => r.id)))).length, 0);
  });

  test('a storage failure mid-accept leaves nothing half-done: no instance rows or objects, the files still pending', async () => {
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await sendAll(actor, await foreignStudy()); // reconciled: each file writes a received copy and an instance object
    const rows = await rowsOf(link.uploadLinkId);
    await deleteObject(rows[2]!.objectKey); // the third copy fails (NoSuchKey)
    const group = { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid, confirmMismatch: true };
    await assert.rejects(acceptQuarantinedStudy(staff, group, ctx), (err) => err instanceof AppError && err.code === 'unavailable:quarantine_accept' && /Nothing was changed/.test(err.publicMessage));
    const keys = await listKeys('');
    assert.ok(rows.every((r) => !keys.has(`instances/${r.id}`) && !keys.has(`received/${r.id}`)), 'the objects written before the failure were removed');
    assert.ok(keys.has(rows[0]!.objectKey) && keys.has(rows[1]!.objectKey), 'the quarantined objects are untouched');
    assert.ok((await rowsOf(link.uploadLinkId)).every((r) => r.status === 'pending'));
    assert.equal((await db().select().from(instances).where(inArray(instances.id, rows.map((r) => r.id)))).length, 0);
    assert.equal((await db().select().from(studies).where(and(eq(studies.facilityId, staff.facilityId), eq(studies.studyInstanceUid, group.studyInstanceUid)))).length, 0);
  });

  test('images the facility already holds are accepted as already held; the extra copies are not kept', async () => {
    const held = await ingestSmallStudy(staff, { patient: { id: patient.patientId, name: 'TEST^PATIENT', birthDate: '19750102', sex: 'F' } });
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await sendAll(actor, held.files);
    const rows = await rowsOf(link.uploadLinkId);
    const accepted = await acceptQuarantinedStudy(staff, { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid }, ctx);
    assert.deepEqual(accepted, { studyIds: [held.studyId], stored: 0, alreadyHeld: 3, reconciled: 0 });
    const keys = await listKeys('');
    assert.ok(rows.every((r) => !keys.has(r.objectKey) && !keys.has(`instances/${r.id}`) && !keys.has(`received/${r.id}`)));
  });

  test('a study the facility files under another patient cannot be accepted for this one: refused, recorded, nothing changed', async () => {
    const other = await ingestSmallStudy(staff); // another patient (new PatientID) of the same facility
    const { link, actor } = await openUploadLinkAsUploader(staff, patient.id);
    await sendAll(actor, other.files);
    const rows = await rowsOf(link.uploadLinkId);
    const group = { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid, confirmMismatch: true };
    await assert.rejects(acceptQuarantinedStudy(staff, group, ctx), (err) => err instanceof AppError && err.code === 'conflict:quarantine_accept' && /different patient/.test(err.publicMessage));
    const keys = await listKeys('');
    assert.ok(rows.every((r) => keys.has(r.objectKey) && !keys.has(`instances/${r.id}`)));
    assert.ok((await rowsOf(link.uploadLinkId)).every((r) => r.status === 'pending'));
    const last = (await auditRowsFor({ subjectId: link.uploadLinkId })).at(-1)!;
    assert.deepEqual([last.type, last.outcome, last.reason, last.studyIds], ['QUARANTINE_ACCEPTED', 'failure', 'conflict', [other.studyId]]);
  });

  test('malformed or unknown group ids are not found', async () => {
    await assert.rejects(acceptQuarantinedStudy(staff, { uploadLinkId: 'nope', studyInstanceUid: '1.2.3' }, ctx), isNotFound);
    await assert.rejects(rejectQuarantinedStudy(staff, { uploadLinkId: '00000000-0000-4000-8000-000000000000', studyInstanceUid: '1.2.3' }, ctx), isNotFound);
    const clinician = await createStaff(staff.facilityId, ['clinician']);
    await assert.rejects(listQuarantineInbox(clinician, ctx), (err) => err instanceof AppError && err.status === 403);
  });
});
