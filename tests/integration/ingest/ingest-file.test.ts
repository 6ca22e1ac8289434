import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { instances, patients, studies } from '@/db/schema';
import { ingestFile } from '@/lib/ingest/ingest-file';
import { noRequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestBytes, smallStudyFiles } from '../../support/generated-study';
import { listKeys, readObject } from '../../support/s3-objects';
import { auditRowsFor } from '../../support/audit-rows';

let staff: StaffActor;

before(async () => {
  const facility = await createFacility();
  staff = await createStaff(facility.id, ['front_desk']);
});
after(closeDb);

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('[INGEST] uploading files', () => {
  test('a study is indexed patient → study → series → instances, one opaque object per instance', async () => {
    const files = await smallStudyFiles();
    const results = [];
    for (const f of files) results.push(await ingestBytes(staff, f.fileName, f.bytes));
    assert.ok(results.every((r) => r.status === 'stored'), JSON.stringify(results));
    const studyId = (results[0] as { studyId: string }).studyId;
    const rows = await db().select().from(instances).where(eq(instances.studyId, studyId));
    assert.equal(rows.length, files.length);
    for (const row of rows) {
      assert.match(row.objectKey, /^instances\/[0-9a-f-]{36}$/, 'object keys carry no patient data');
      const stored = await readObject(row.objectKey);
      assert.equal(sha256(stored), row.sha256);
      assert.equal(stored.length, row.byteSize);
      assert.equal(row.viewerMetadata.Rows, 64);
      assert.equal(row.viewerMetadata.BitsAllocated, 16);
    }
    assert.deepEqual(new Set(rows.map((r) => r.sha256)), new Set(files.map((f) => sha256(f.bytes))));
    const ingested = (await auditRowsFor({ facilityId: staff.facilityId })).filter((a) => a.type === 'INSTANCE_INGESTED');
    assert.ok(ingested.length >= files.length);
  });

  test('uploading the same files again adds nothing (idempotent per SOP Instance UID)', async () => {
    const files = await smallStudyFiles();
    for (const f of files) assert.equal((await ingestBytes(staff, f.fileName, f.bytes)).status, 'stored');
    const keysBefore = await listKeys();
    const countBefore = (await db().select().from(instances).where(eq(instances.facilityId, staff.facilityId))).length;
    for (const f of files) assert.equal((await ingestBytes(staff, f.fileName, f.bytes)).status, 'duplicate');
    assert.deepEqual(await listKeys(), keysBefore, 'no new objects were left behind');
    assert.equal((await db().select().from(instances).where(eq(instances.facilityId, staff.facilityId))).length, countBefore);
  });

  test('the same SOP Instance UID with different bytes is reported as a conflict and not kept', async () => {
    const [first] = await smallStudyFiles();
    assert.equal((await ingestBytes(staff, 'a.dcm', first!.bytes)).status, 'stored');
    const altered = Buffer.from(first!.bytes);
    const last = altered.length - 1;
    altered.writeUInt8(altered.readUInt8(last) ^ 0xff, last); // one pixel differs
    const keysBefore = await listKeys();
    const result = await ingestBytes(staff, 'b.dcm', altered);
    assert.equal(result.status, 'conflict');
    assert.match((result as { message: string }).message, /different content/);
    assert.deepEqual(await listKeys(), keysBefore);
    const audit = await auditRowsFor({ facilityId: staff.facilityId });
    assert.equal(audit.at(-1)!.type, 'INSTANCE_REJECTED');
    assert.equal(audit.at(-1)!.reason, 'conflict');
  });

  test('a non-DICOM file and a truncated DICOM file are rejected with clear reasons while good files go in', async () => {
    const files = await smallStudyFiles();
    const keysBefore = await listKeys();
    const text = await ingestBytes(staff, 'notes.txt', Buffer.from('These are not the images you are looking for.\n'.repeat(10)));
    assert.equal(text.status, 'rejected');
    assert.equal((text as { reason: string }).reason, 'not_dicom');
    assert.match((text as { message: string }).message, /not a DICOM/i);
    const truncated = await ingestBytes(staff, 'cut.dcm', files[0]!.bytes.subarray(0, files[0]!.bytes.length - 1000));
    assert.equal(truncated.status, 'rejected');
    assert.equal((truncated as { reason: string }).reason, 'truncated');
    assert.deepEqual(await listKeys(), keysBefore, 'rejected files leave no object behind');
    for (const f of files.slice(1)) assert.equal((await ingestBytes(staff, f.fileName, f.bytes)).status, 'stored');
    const [row] = await db()
      .select()
      .from(instances)
      .where(and(eq(instances.facilityId, staff.facilityId), eq(instances.sha256, sha256(files[0]!.bytes))));
    assert.equal(row, undefined, 'the truncated file was not half-indexed');
  });

  test('the same PatientID at two facilities is two patients', async () => {
    const files = await smallStudyFiles();
    const otherFacility = await createFacility();
    const otherStaff = await createStaff(otherFacility.id, ['front_desk']);
    const a = await ingestBytes(staff, files[0]!.fileName, files[0]!.bytes);
    const b = await ingestBytes(otherStaff, files[0]!.fileName, files[0]!.bytes);
    assert.equal(a.status, 'stored');
    assert.equal(b.status, 'stored');
    const [sa] = await db().select().from(studies).where(eq(studies.id, (a as { studyId: string }).studyId));
    const [sb] = await db().select().from(studies).where(eq(studies.id, (b as { studyId: string }).studyId));
    assert.notEqual(sa!.patientRef, sb!.patientRef);
    const [pb] = await db().select().from(patients).where(eq(patients.id, sb!.patientRef));
    assert.equal(pb!.facilityId, otherFacility.id);
  });

  test('a storage failure mid-upload stores nothing and says so', async () => {
    const [file] = await smallStudyFiles();
    const keysBefore = await listKeys();
    const failing = new Readable({
      read() {
        this.push(Buffer.from(file!.bytes.subarray(0, 2000)));
        this.destroy(new Error('connection reset by peer'));
      },
    });
    await assert.rejects(
      ingestFile(staff, { body: failing, fileName: 'x.dcm' }, noRequestContext),
      (err) => err instanceof AppError && err.code === 'unavailable:storage' && /Nothing was saved/.test(err.publicMessage),
    );
    assert.deepEqual(await listKeys(), keysBefore);
  });

  test('staff without an ingest role are refused', async () => {
    const clinician = await createStaff(staff.facilityId, ['clinician']);
    const [file] = await smallStudyFiles();
    await assert.rejects(ingestBytes(clinician, 'x.dcm', file!.bytes), (err) => err instanceof AppError && err.status === 403);
  });
});
