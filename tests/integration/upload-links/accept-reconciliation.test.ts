// Issue 19 §3, patient safety: images sent through an upload link for SAMPLE^ALEX
// from files whose headers say DOE^JANE must, once accepted, say SAMPLE^ALEX in
// every header a recipient gets: the ZIP (read with dcmtk's dcmdump), the viewer's
// URLs, a refreshed URL. DOE^JANE's values survive only inside the Original
// Attributes Sequence; the pixel data is byte for byte what was sent; the received
// files are kept under received/ and never served. Real Postgres and S3 server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { and, asc, eq, gt } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { auditEvents, facilities, instances, quarantineFiles } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import dicomParser from '@/lib/dicom/dicom-parser';
import { AppError } from '@/lib/errors';
import { acceptQuarantinedStudy } from '@/lib/quarantine/accept-quarantined-study';
import { listQuarantineInbox } from '@/lib/quarantine/list-quarantine-inbox';
import { bucket, s3 } from '@/lib/storage/s3-client';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { refreshInstanceUrl } from '@/lib/studies/refresh-instance-url';
import { buildStudyManifest } from '@/lib/studies/study-manifest';
import { dcmtkAvailable } from '../../support/dcmtk';
import { auditRowsFor } from '../../support/audit-rows';
import { ingestSmallStudy, smallStudyFiles, type GeneratedFile } from '../../support/generated-study';
import { openLinkAsRecipient } from '../../support/open-link';
import { listKeys, readObject } from '../../support/s3-objects';
import { createFacility, createStaff } from '../../support/test-data';
import { openUploadLinkAsUploader, patientRefOfStudy, sendBytes } from '../../support/upload-link';

const ctx = { clientIp: '192.0.2.61', userAgent: 'reconciliation-test' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const skip = dcmtkAvailable() ? false : 'dcmtk is not on PATH: apt-get install dcmtk';
const dir = mkdtempSync(join(tmpdir(), 'scanshare-reconcile-'));

let staff: StaffActor;
let patientRef: string;
const localId = `LOCAL-${randomUUID().slice(0, 8)}`;
const outsideId = `SYN0001-${randomUUID().slice(0, 6)}`;

before(async () => {
  staff = await createStaff((await createFacility()).id, ['front_desk']);
  // The facility's record of the patient: SAMPLE^ALEX, born 1981-06-07, male.
  patientRef = await patientRefOfStudy((await ingestSmallStudy(staff, { patient: { id: localId, name: 'SAMPLE^ALEX', birthDate: '19810607', sex: 'M' } })).studyId);
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeDb();
});

/** The other hospital's CT of the same person, under their name for her record. */
const outsideStudy = () =>
  smallStudyFiles({ patient: { id: outsideId, name: 'DOE^JANE', birthDate: '19700101', sex: 'F' }, studyDescription: 'CT FROM ELSEWHERE' });

async function sendForPatient(files: GeneratedFile[]) {
  const { link, actor } = await openUploadLinkAsUploader(staff, patientRef);
  for (const f of files) assert.equal((await sendBytes(actor, f.bytes)).status, 'received');
  const rows = await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, link.uploadLinkId)).orderBy(asc(quarantineFiles.receivedAt));
  return { uploadLinkId: link.uploadLinkId, rows, group: { uploadLinkId: link.uploadLinkId, studyInstanceUid: rows[0]!.studyInstanceUid, confirmMismatch: true } };
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function dcmdump(bytes: Uint8Array, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const result = spawnSync('dcmdump', ['+L', path], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(`${result.stdout}${result.stderr}`.split('\n').filter((l) => /^[EWF]:/.test(l)), [], `dcmdump reads ${name} cleanly`);
  return result.stdout;
}

/** Top-level elements only: nested ones are indented in dcmdump's output. */
const topLevel = (dump: string, tag: string) => dump.split('\n').find((line) => line.startsWith(`(${tag})`)) ?? '';

function pixelData(bytes: Uint8Array): Buffer {
  const element = dicomParser.parseDicom(bytes).elements.x7fe00010!;
  return Buffer.from(bytes.subarray(element.dataOffset, element.dataOffset + element.length));
}

const sopUidOf = (bytes: Uint8Array) => dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string('x00080018')!;
const sopStudyUidOf = (bytes: Uint8Array) => dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string('x0020000d')!;

describe('[RECONCILE] outside images accepted for a local patient', { skip }, () => {
  test('every exported header says SAMPLE^ALEX; DOE^JANE only inside (0400,0561); pixel data as sent; the received bytes kept and never served', async () => {
    const sent = await outsideStudy();
    const { rows, group } = await sendForPatient(sent);
    const lastAuditId = (await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)!.id;
    const accepted = await acceptQuarantinedStudy(staff, group, ctx);
    assert.deepEqual([accepted.stored, accepted.alreadyHeld], [3, 0]);
    const studyId = accepted.studyIds[0]!;

    const stored = await db().select().from(instances).where(eq(instances.studyId, studyId));
    const sentBySop = new Map(sent.map((f) => [sopUidOf(f.bytes), f.bytes]));

    // The ZIP a recipient downloads: every image names the local patient; the old values only inside (0400,0561).
    const { actor } = await openLinkAsRecipient(staff, [studyId]);
    const entries = unzipSync(await collect((await exportStudyZip(actor, studyId, ctx)).stream));
    const images = Object.keys(entries).filter((n) => n.startsWith('DICOM/'));
    assert.equal(images.length, 3);
    for (const [i, name] of images.entries()) {
      const bytes = entries[name]!;
      const dump = dcmdump(bytes, `zip-${i}.dcm`);
      if (i === 0) console.log(`dcmdump of ${name} (patient and modification elements):\n${dump.split('\n').filter((l) => /\((0010|0400),|fffe,e000/.test(l)).join('\n')}`);
      assert.match(topLevel(dump, '0010,0010'), /PN \[SAMPLE\^ALEX\]/);
      assert.match(topLevel(dump, '0010,0020'), new RegExp(`LO \\[${localId}\\]`));
      assert.match(topLevel(dump, '0010,0030'), /DA \[19810607\]/);
      assert.match(topLevel(dump, '0010,0040'), /CS \[M\]/);
      const outside = dump.split('\n').filter((l) => !/^\s/.test(l)).join('\n');
      assert.doesNotMatch(outside, /DOE\^JANE|SYN0001|19700101/, 'no top-level element keeps the outside identity');
      const original = dump.slice(dump.indexOf('(0400,0561)'));
      assert.ok(dump.includes('(0400,0561) SQ'), 'an Original Attributes Sequence');
      for (const old of [/\(0010,0010\) PN \[DOE\^JANE\]/, new RegExp(`\\(0010,0020\\) LO \\[${outsideId}\\]`), /\(0010,0030\) DA \[19700101\]/, /\(0010,0040\) CS \[F\]/]) {
        assert.match(original, old);
      }
      assert.match(original, /\(0400,0562\) DT \[\d{14}\.\d{6}\+0000\]/);
      assert.match(original, /\(0400,0563\) LO \[ScanShare \(/);
      assert.match(original, /\(0400,0565\) CS \[COERCE\]/);
      assert.ok(pixelData(bytes).equals(pixelData(sentBySop.get(sopUidOf(bytes))!)), 'pixel data in the ZIP as sent');
      assert.ok(stored.some((s) => s.sha256 === sha256(bytes)), `${name} is the reconciled object`);
      assert.ok(!rows.some((r) => r.sha256 === sha256(bytes)), `${name} is not the file as received`);
    }
    const dicomdir = dcmdump(entries.DICOMDIR!, 'DICOMDIR');
    assert.match(dicomdir, /\(0010,0010\) PN \[SAMPLE\^ALEX\]/);
    assert.doesNotMatch(dicomdir, /DOE\^JANE/);

    // Rows: the reconciled object's own hash and size; the received ones beside them.
    assert.equal(accepted.reconciled, 3);
    const keys = await listKeys('');
    for (const row of rows) {
      const instance = stored.find((i) => i.id === row.id)!;
      const original = sentBySop.get(instance.sopInstanceUid)!;
      const object = await readObject(instance.objectKey);
      assert.equal(instance.objectKey, `instances/${row.id}`);
      assert.deepEqual([instance.receivedObjectKey, instance.receivedSha256, instance.receivedByteSize], [`received/${row.id}`, row.sha256, row.byteSize]);
      assert.deepEqual([instance.sha256, instance.byteSize], [sha256(object), object.length], 'the row describes the object served');
      assert.notEqual(instance.sha256, row.sha256);
      assert.ok((await readObject(`received/${row.id}`)).equals(Buffer.from(original)), 'the received bytes, kept for the record');
      assert.ok(pixelData(object).equals(pixelData(original)), 'pixel data byte for byte as sent');
      assert.ok(!keys.has(row.objectKey), 'the quarantine object is gone');
    }

    // The viewer's URLs and a refreshed URL point at the reconciled objects, never at received/.
    const manifest = await buildStudyManifest(actor, studyId, ctx);
    const urls = manifest.studies[0]!.series.flatMap((s) => s.instances.map((x) => x.url.slice('dicomweb:'.length)));
    assert.equal(manifest.studies[0]!.PatientName, 'SAMPLE^ALEX');
    assert.equal(urls.length, 3);
    for (const url of urls) {
      assert.match(new URL(url).pathname, /\/instances\/[0-9a-f-]{36}$/);
      const served = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.ok(stored.some((s) => s.sha256 === sha256(served)));
    }
    for (const row of stored) assert.match(new URL(await refreshInstanceUrl(actor, row.id)).pathname, new RegExp(`/instances/${row.id}$`));

    // Audit: which attributes were rewritten, by keyword, never their values.
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.facilityId, staff.facilityId), gt(auditEvents.id, lastAuditId))).orderBy(asc(auditEvents.id));
    const ingested = audit.filter((a) => a.type === 'INSTANCE_INGESTED');
    assert.equal(ingested.length, 3);
    for (const a of ingested) {
      const row = rows.find((r) => r.id === a.subjectId)!;
      assert.deepEqual(a.details.reconciled, {
        attributes: ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex'],
        reason: 'COERCE',
        receivedSha256: row.sha256,
        receivedByteSize: row.byteSize,
      });
      assert.equal(a.details.sha256, stored.find((s) => s.id === row.id)!.sha256);
    }
    const decision = audit.find((a) => a.type === 'QUARANTINE_ACCEPTED')!;
    assert.deepEqual([decision.details.reconciled, decision.details.reconciledAttributes, decision.details.reconciliationReason], [
      3,
      ['PatientBirthDate', 'PatientID', 'PatientName', 'PatientSex'],
      'COERCE',
    ]);
    const text = JSON.stringify(audit.map((a) => a.details));
    for (const value of ['DOE^JANE', 'SAMPLE^ALEX', outsideId, '19700101', '1970-01-01']) assert.ok(!text.includes(value), `no ${value} in audit details`);
  });

  test("where the facility names an Issuer of Patient ID, the reconciled header carries it beside the local PatientID", async () => {
    const facility = await createFacility();
    await db().update(facilities).set({ issuerOfPatientId: 'UNIT TEST CLINIC MRN' }).where(eq(facilities.id, facility.id));
    const clerk = await createStaff(facility.id, ['front_desk']);
    const ref = await patientRefOfStudy((await ingestSmallStudy(clerk, { patient: { id: localId, name: 'SAMPLE^ALEX', birthDate: '19810607', sex: 'M' } })).studyId);
    const { link, actor } = await openUploadLinkAsUploader(clerk, ref);
    const sent = await outsideStudy();
    for (const f of sent) await sendBytes(actor, f.bytes);
    const accepted = await acceptQuarantinedStudy(clerk, { uploadLinkId: link.uploadLinkId, studyInstanceUid: sopStudyUidOf(sent[0]!.bytes), confirmMismatch: true }, ctx);
    assert.equal(accepted.reconciled, 3);
    const [row] = await db().select().from(instances).where(eq(instances.studyId, accepted.studyIds[0]!)).limit(1);
    const dump = dcmdump(await readObject(row!.objectKey), 'issuer.dcm');
    assert.match(topLevel(dump, '0010,0020'), new RegExp(`LO \\[${localId}\\]`));
    assert.match(topLevel(dump, '0010,0021'), /LO \[UNIT TEST CLINIC MRN\]/);
    assert.match(dump.slice(dump.indexOf('(0400,0561)')), /\(0010,0021\) LO \(no value available\)/, 'the file had none: recorded as inserted');
    await assert.rejects(async () => db().update(facilities).set({ issuerOfPatientId: 'A\\B' }).where(eq(facilities.id, facility.id)), 'no backslash in an LO value');
  });

  test('a write failing midway (the received bytes no longer match their row) keeps nothing, and the group can be accepted again', async () => {
    const sent = await outsideStudy();
    const { rows, group } = await sendForPatient(sent);
    // The third file's object changes under us: its reconciled copy is written in full before the received hash disagrees.
    const original = await readObject(rows[2]!.objectKey);
    const tampered = Buffer.from(original);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0xff, tampered.length - 1);
    await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: rows[2]!.objectKey, Body: tampered }));
    await assert.rejects(
      acceptQuarantinedStudy(staff, group, ctx),
      (err) => err instanceof AppError && err.code === 'unavailable:quarantine_accept' && /no longer matches its row/.test(String((err.cause as Error).message)),
    );
    const keys = await listKeys('');
    for (const row of rows) {
      assert.ok(!keys.has(`instances/${row.id}`) && !keys.has(`received/${row.id}`), 'no instance or received copy left');
      assert.ok(keys.has(row.objectKey), 'the quarantined object is untouched');
    }
    assert.ok((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, group.uploadLinkId))).every((r) => r.status === 'pending'));
    assert.equal((await db().select().from(instances).where(eq(instances.sopInstanceUid, rows[0]!.sopInstanceUid))).length, 0);

    await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: rows[2]!.objectKey, Body: original }));
    const accepted = await acceptQuarantinedStudy(staff, group, ctx);
    assert.deepEqual([accepted.stored, accepted.reconciled], [3, 3]);
  });

  test('a header that cannot be rewritten (several character sets) is refused in words, recorded, and nothing is kept', async () => {
    const sent = await outsideStudy();
    const path = join(dir, 'iso2022.dcm');
    writeFileSync(path, sent[1]!.bytes);
    const modified = spawnSync('dcmodify', ['-nb', '-m', '(0008,0005)=ISO 2022 IR 6\\ISO 2022 IR 100', path], { encoding: 'utf8' });
    assert.equal(modified.status, 0, modified.stderr);
    sent[1] = { ...sent[1]!, bytes: readFileSync(path) };
    const { rows, group } = await sendForPatient(sent);
    await assert.rejects(
      acceptQuarantinedStudy(staff, group, ctx),
      (err) => err instanceof AppError && err.code === 'unprocessable:quarantine_reconcile' && /could not be rewritten.*Nothing was changed/.test(err.publicMessage),
    );
    const keys = await listKeys('');
    assert.ok(rows.every((r) => keys.has(r.objectKey) && !keys.has(`instances/${r.id}`) && !keys.has(`received/${r.id}`)));
    assert.ok((await db().select().from(quarantineFiles).where(eq(quarantineFiles.uploadLinkId, group.uploadLinkId))).every((r) => r.status === 'pending'));
    const last = (await auditRowsFor({ subjectId: group.uploadLinkId })).at(-1)!;
    assert.deepEqual([last.type, last.outcome, last.reason], ['QUARANTINE_ACCEPTED', 'failure', 'not_reconcilable']);
  });

  test('the same outside files sent again are already held: matched by their received bytes, the new copies not kept', async () => {
    const sent = await outsideStudy();
    const first = await sendForPatient(sent);
    await acceptQuarantinedStudy(staff, first.group, ctx);
    const again = await sendForPatient(sent);
    const inbox = (await listQuarantineInbox(staff, ctx)).find((g) => g.uploadLinkId === again.uploadLinkId)!;
    const [held] = await db().select({ studyId: instances.studyId }).from(instances).where(eq(instances.id, first.rows[0]!.id));
    assert.deepEqual(inbox.onFile, { studyId: held!.studyId, samePatient: true }, 'the inbox says the study is on file');
    const accepted = await acceptQuarantinedStudy(staff, again.group, ctx);
    assert.deepEqual(accepted, { studyIds: [held!.studyId], stored: 0, alreadyHeld: 3, reconciled: 0 });
    const keys = await listKeys('');
    for (const row of again.rows) assert.ok(![row.objectKey, `instances/${row.id}`, `received/${row.id}`].some((k) => keys.has(k)));
    for (const row of first.rows) assert.ok(keys.has(`instances/${row.id}`) && keys.has(`received/${row.id}`));
  });

  test('the inbox says when the study is on file under another patient', async () => {
    const other = await ingestSmallStudy(staff); // another patient of the same facility
    const { uploadLinkId } = await sendForPatient(other.files);
    const inbox = (await listQuarantineInbox(staff, ctx)).find((g) => g.uploadLinkId === uploadLinkId)!;
    assert.deepEqual(inbox.onFile, { studyId: other.studyId, samePatient: false });
    const fresh = await sendForPatient(await outsideStudy());
    assert.equal((await listQuarantineInbox(staff, ctx)).find((g) => g.uploadLinkId === fresh.uploadLinkId)!.onFile, null);
  });
});
