import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import dicomParser from '@/lib/dicom/dicom-parser';
import { closeDb } from '@/db/client';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { AppError } from '@/lib/errors';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { openLinkAsRecipient } from '../../support/open-link';
import { auditRowsFor } from '../../support/audit-rows';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };

let staff: StaffActor;
let study: Awaited<ReturnType<typeof ingestSmallStudy>>;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  study = await ingestSmallStudy(staff, { kind: 'MR', series: 2, slices: 2, rows: 32, columns: 32 });
});
after(closeDb);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('[EXPORT] the CD-style ZIP of a shared study', () => {
  test('holds DICOMDIR, README and every instance byte for byte under generated names; recorded as STUDY_DOWNLOADED', async () => {
    const { actor, link } = await openLinkAsRecipient(staff, [study.studyId]);
    const zip = await exportStudyZip(actor, study.studyId, ctx);
    assert.match(zip.fileName, /^scanshare-study-[\d-]+\.zip$/);
    const entries = unzipSync(await collect(zip.stream));
    const names = Object.keys(entries).sort();
    assert.deepEqual(names, [
      'DICOM/ST000001/SE000001/IM000001',
      'DICOM/ST000001/SE000001/IM000002',
      'DICOM/ST000001/SE000002/IM000001',
      'DICOM/ST000001/SE000002/IM000002',
      'DICOMDIR',
      'README.TXT',
    ]);
    const hashes = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual(
      new Set(names.filter((n) => n.startsWith('DICOM/')).map((n) => hashes(entries[n]!))),
      new Set(study.files.map((f) => hashes(f.bytes))),
    );
    const dicomdir = dicomParser.parseDicom(entries.DICOMDIR!);
    assert.equal(dicomdir.string('x00020002'), '1.2.840.10008.1.3.10');
    assert.equal(dicomdir.elements.x00041220!.items!.length, 1 + 1 + 2 + 4, 'patient, study, 2 series, 4 images');
    const readme = Buffer.from(entries['README.TXT']!).toString();
    assert.ok(!readme.includes('TEST^PATIENT'), 'the README carries no patient data');
    const audit = (await auditRowsFor({ subjectId: study.studyId })).filter((a) => a.type === 'STUDY_DOWNLOADED');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actorId, link.shareLinkId);
  });

  test('a study outside the link is not found and nothing is exported', async () => {
    const other = await ingestSmallStudy(staff);
    const { actor } = await openLinkAsRecipient(staff, [study.studyId]);
    await assert.rejects(exportStudyZip(actor, other.studyId, ctx), (err) => err instanceof AppError && err.status === 404);
    assert.equal((await auditRowsFor({ subjectId: other.studyId })).filter((a) => a.type === 'STUDY_DOWNLOADED').length, 0);
  });
});
