// Uploads are checked before they are stored (issue 18, section 3): a file that is not
// DICOM is refused from its first kilobytes, a file over the limit with 413 (unread
// when its length is declared, counted while streaming when not), a client that goes
// away midway leaves nothing, and an upload link takes no more than its total, even
// from files sent in parallel. Staff ingest and upload links alike, against the real
// S3 server: its objects and its footprint on disk are read before and after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDb } from '@/db/client';
import type { StaffActor } from '@/lib/auth/actors';
import { noRequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { ingestFile } from '@/lib/ingest/ingest-file';
import { receiveQuarantineFile } from '@/lib/quarantine/receive-quarantine-file';
import { auditRowsFor } from '../../support/audit-rows';
import { ingestSmallStudy, smallStudyFiles } from '../../support/generated-study';
import { listKeys } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';
import { countedBody, localS3Footprint } from '../../support/upload-bodies';
import { openUploadLinkAsUploader, patientRefOfStudy, uploaderContext } from '../../support/upload-link';

// Small limits for this process (lib/env.ts reads them on first use): 12 MiB per file,
// above lib-storage's 8 MiB part, so an oversized file has a multipart upload under way.
const MiB = 1024 * 1024;
process.env.UPLOAD_MAX_FILE_BYTES = String(12 * MiB);
process.env.UPLOAD_LINK_MAX_TOTAL_BYTES = String(16 * MiB);

let staff: StaffActor;
let patientRef: string;
let validHead: Uint8Array;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  patientRef = await patientRefOfStudy((await ingestSmallStudy(staff)).studyId);
  validHead = (await smallStudyFiles())[0]!.bytes.subarray(0, 2048);
});
after(closeDb);

const tooLarge = (code: string) => (err: unknown) => err instanceof AppError && err.status === 413 && err.code === code;

/** What the store holds: keys under both prefixes and the server's files on disk. */
async function store() {
  return { keys: [...(await listKeys('instances/')), ...(await listKeys('quarantine/'))].sort(), disk: localS3Footprint() };
}

describe('[UPLOAD LIMITS] staff ingest', () => {
  test('500 MB of zeros is refused as not DICOM from its first kilobytes; nothing is written', async () => {
    const before = await store();
    const body = countedBody(500 * 1000 * 1000);
    const result = await ingestFile(staff, { body, fileName: 'zeros.bin' }, noRequestContext);
    assert.equal(result.status, 'rejected');
    assert.equal((result as { reason: string }).reason, 'not_dicom');
    assert.ok(body.pulled() <= 256 * 1024, `read ${body.pulled()} bytes to decide`);
    assert.deepEqual(await store(), before);
    const [row] = (await auditRowsFor({ facilityId: staff.facilityId })).filter((r) => r.type === 'INSTANCE_REJECTED').slice(-1);
    assert.equal(row?.reason, 'not_dicom');
  });

  test('a declared length over the limit is refused with 413 before a byte is read', async () => {
    const before = await store();
    const body = countedBody(20 * MiB, validHead);
    await assert.rejects(ingestFile(staff, { body, fileName: 'big.dcm', declaredBytes: 20 * MiB }, noRequestContext), tooLarge('payload_too_large:upload_file'));
    assert.equal(body.pulled(), 0);
    assert.deepEqual(await store(), before);
  });

  test('an undeclared body is counted: past 12 MiB it is refused with 413 and its multipart upload aborted', async () => {
    const before = await store();
    const body = countedBody(40 * MiB, validHead);
    await assert.rejects(ingestFile(staff, { body, fileName: 'big.dcm' }, noRequestContext), (err) => {
      assert.ok(tooLarge('payload_too_large:upload_file')(err), String(err));
      assert.match((err as AppError).publicMessage, /larger than the 12 MB allowed per file/);
      return true;
    });
    assert.ok(body.pulled() < 20 * MiB, `read ${body.pulled()} bytes`);
    assert.deepEqual(await store(), before);
  });

  test('a client that goes away after 10 MB leaves no object and no parts', async () => {
    const before = await store();
    const body = countedBody(11 * MiB, validHead, { failAfter: 10 * MiB });
    await assert.rejects(ingestFile(staff, { body, fileName: 'cut.dcm' }, noRequestContext), (err) => err instanceof AppError && err.code === 'unavailable:storage');
    assert.deepEqual(await store(), before);
  });

  test('a valid DICOM file still goes through', async () => {
    const [file] = await smallStudyFiles();
    const result = await ingestFile(staff, { body: countedBody(file!.bytes.length, file!.bytes), fileName: 'ok.dcm', declaredBytes: file!.bytes.length }, noRequestContext);
    assert.equal(result.status, 'stored');
  });
});

describe('[UPLOAD LIMITS] upload links', () => {
  test('500 MB of zeros through an upload link is refused from its first kilobytes; nothing is written', async () => {
    const { actor } = await openUploadLinkAsUploader(staff, patientRef);
    const before = await store();
    const body = countedBody(500 * 1000 * 1000);
    const result = await receiveQuarantineFile(actor, { body }, uploaderContext);
    assert.equal(result.status, 'rejected');
    assert.ok(body.pulled() <= 256 * 1024, `read ${body.pulled()} bytes to decide`);
    assert.deepEqual(await store(), before);
  });

  test('a file over the per-file limit is refused with 413, declared or counted, leaving nothing', async () => {
    const { actor } = await openUploadLinkAsUploader(staff, patientRef);
    const before = await store();
    const declared = countedBody(20 * MiB, validHead);
    await assert.rejects(receiveQuarantineFile(actor, { body: declared, declaredBytes: 20 * MiB }, uploaderContext), tooLarge('payload_too_large:upload_file'));
    assert.equal(declared.pulled(), 0);
    const counted = countedBody(40 * MiB, validHead);
    await assert.rejects(receiveQuarantineFile(actor, { body: counted }, uploaderContext), tooLarge('payload_too_large:upload_file'));
    assert.ok(counted.pulled() < 20 * MiB);
    assert.deepEqual(await store(), before);
  });

  test('a link takes no more than its 16 MiB in all, even from two files sent at once', async () => {
    const { actor } = await openUploadLinkAsUploader(staff, patientRef);
    // 2 MiB of pixels per file: six fill 12 MiB and change, leaving room for one more, not two.
    const files = await smallStudyFiles({ slices: 8, rows: 1024, columns: 1024 });
    const send = (bytes: Uint8Array) => receiveQuarantineFile(actor, { body: countedBody(bytes.length, bytes) }, uploaderContext);
    for (const f of files.slice(0, 6)) assert.equal((await send(f.bytes)).status, 'received');
    const keysBefore = await listKeys('quarantine/');

    const both = await Promise.allSettled([send(files[6]!.bytes), send(files[7]!.bytes)]);
    assert.deepEqual(both.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(tooLarge('payload_too_large:upload_link_total')(refused.reason), String(refused.reason));
    assert.match((refused.reason as AppError).publicMessage, /all it can take \(16 MB in all\)/);
    assert.equal((await listKeys('quarantine/')).size, keysBefore.size + 1);

    // Full now: a declared file is refused unread, an undeclared one once it passes the room left.
    const next = countedBody(files[0]!.bytes.length, files[0]!.bytes);
    await assert.rejects(receiveQuarantineFile(actor, { body: next, declaredBytes: files[0]!.bytes.length }, uploaderContext), tooLarge('payload_too_large:upload_link_total'));
    assert.equal(next.pulled(), 0);
    await assert.rejects(send(files[0]!.bytes), tooLarge('payload_too_large:upload_link_total'));
    assert.equal((await listKeys('quarantine/')).size, keysBefore.size + 1);
  });

  test('a valid DICOM file still goes through an upload link', async () => {
    const { actor } = await openUploadLinkAsUploader(staff, patientRef);
    const [file] = await smallStudyFiles();
    const result = await receiveQuarantineFile(actor, { body: countedBody(file!.bytes.length, file!.bytes), declaredBytes: file!.bytes.length }, uploaderContext);
    assert.equal(result.status, 'received');
  });
});
