// Import reconciliation on real files: generated images (Explicit VR, JPEG Lossless,
// and Implicit VR and Explicit VR Big Endian converted by dcmtk), coerced to a local patient, reassembled with
// their untouched Pixel Data element, and read back by an independent implementation
// (dcmtk's dcmdump) and by our own header reader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { coercePatientIdentity, type LocalPatientIdentity } from '@/lib/dicom/coerce-patient-identity';
import dicomParser from '@/lib/dicom/dicom-parser';
import { pixelDataElementOffset } from '@/lib/dicom/pixel-data-offset';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { smallStudy } from './small-study';

const dcmtk = spawnSync('dcmdump', ['--version']).status === 0 && spawnSync('dcmodify', ['--version']).status === 0;
const skip = dcmtk ? false : 'dcmtk is not on PATH: apt-get install dcmtk';
const dir = mkdtempSync(join(tmpdir(), 'scanshare-coerce-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const local: LocalPatientIdentity = { patientId: 'LOCAL-0042', name: 'SAMPLE^ALEX', birthDate: '1981-06-07', sex: 'M', issuerOfPatientId: null };
const at = new Date('2026-12-04T21:45:10.250Z');
const context = { at, modifyingSystem: 'ScanShare (Unit Test Clinic)' };

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${tool} ${args.join(' ')}: ${result.stderr}`);
  return `${result.stdout}${result.stderr}`;
}

/** The file as the other hospital sent it: DOE^JANE (tests/unit/dicom/small-study.ts) with their issuer and institution. */
async function outsideFile(kind: 'explicit' | 'jpeg' | 'implicit' | 'big-endian', name: string): Promise<Buffer> {
  const [file] = await smallStudy({ kind: 'CT', slices: 1, transferSyntax: kind === 'jpeg' ? 'jpeg-lossless' : 'explicit-vr-little-endian' });
  const path = join(dir, name);
  writeFileSync(path, file!.bytes);
  run('dcmodify', ['-nb', '-i', '(0010,0021)=ELSEWHERE GENERAL MRN', '-i', '(0008,0080)=Elsewhere General', path]);
  if (kind === 'implicit') run('dcmconv', ['+ti', path, path]);
  if (kind === 'big-endian') run('dcmconv', ['+tb', path, path]);
  return readFileSync(path);
}

/** What the caller does: the coerced header, then the received bytes from the Pixel Data element on. */
function reconcile(bytes: Buffer, who = local) {
  const offset = pixelDataElementOffset(bytes);
  assert.ok(offset !== null, 'the Pixel Data element is found');
  const result = coercePatientIdentity(bytes.subarray(0, offset), who, context);
  assert.ok(result.ok, !result.ok ? result.reason : '');
  return { ...result, bytes: result.header ? Buffer.concat([result.header, bytes.subarray(offset)]) : bytes };
}

function pixelBytes(bytes: Uint8Array): Buffer {
  const element = dicomParser.parseDicom(bytes).elements.x7fe00010!;
  // Encapsulated pixel data has an undefined length: compare everything from its value on.
  const end = element.hadUndefinedLength ? bytes.length : element.dataOffset + element.length;
  return Buffer.from(bytes.subarray(element.dataOffset, end));
}

function dump(bytes: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const output = run('dcmdump', ['+L', path]);
  assert.deepEqual(output.split('\n').filter((line) => /^[EWF]:/.test(line)), [], 'dcmdump reads it without errors or warnings');
  return output;
}

/** The top-level (unindented) element of a dump line. */
const topLevel = (output: string, tag: string) => output.split('\n').find((line) => line.startsWith(`(${tag})`)) ?? null;

describe('[RECONCILE] an outside image coerced to the local patient', { skip }, () => {
  for (const kind of ['explicit', 'jpeg', 'implicit', 'big-endian'] as const) {
    test(`${kind}: the header names the local patient, the old values sit in the Original Attributes Sequence, the pixel data is byte-identical`, async () => {
      const received = await outsideFile(kind, `${kind}-in.dcm`);
      const result = reconcile(received);
      assert.deepEqual(result.changed, ['PatientName', 'PatientID', 'IssuerOfPatientID', 'PatientBirthDate', 'PatientSex']);
      const out = dump(result.bytes, `${kind}-out.dcm`);

      assert.match(topLevel(out, '0010,0010')!, /PN \[SAMPLE\^ALEX\]/);
      assert.match(topLevel(out, '0010,0020')!, /LO \[LOCAL-0042\]/);
      assert.match(topLevel(out, '0010,0030')!, /DA \[19810607\]/);
      assert.match(topLevel(out, '0010,0040')!, /CS \[M\]/);
      assert.equal(topLevel(out, '0010,0021'), null, 'the other hospital\'s issuer no longer qualifies the local PatientID');
      assert.match(topLevel(out, '0008,0005')!, /ISO_IR 192/);
      assert.match(topLevel(out, '0008,0080')!, /Elsewhere General/, 'everything else is kept');

      const sequence = out.slice(out.indexOf('(0400,0561)'));
      assert.ok(out.indexOf('(0400,0561)') > 0, 'an Original Attributes Sequence');
      assert.match(sequence, /\(0400,0550\) SQ/, 'with a Modified Attributes Sequence');
      for (const old of [/PN \[DOE\^JANE\]/, /LO \[PAT-0001\]/, /LO \[ELSEWHERE GENERAL MRN\]/, /DA \[19700102\]/, /CS \[F\]/]) assert.match(sequence, old);
      assert.match(sequence, /\(0400,0562\) DT \[20261204214510\.250000\+0000\]/);
      assert.match(sequence, /\(0400,0563\) LO \[ScanShare \(Unit Test Clinic\)\]/);
      assert.match(sequence, /\(0400,0564\) LO \[ELSEWHERE GENERAL MRN\]/, 'the source: the authority that issued the old PatientID');
      assert.match(sequence, /\(0400,0565\) CS \[COERCE\]/);
      assert.doesNotMatch(sequence, /SAMPLE\^ALEX|LOCAL-0042/, 'only the replaced values are kept there');

      assert.ok(pixelBytes(result.bytes).equals(pixelBytes(received)), 'pixel data byte for byte as received');
      const ours = readDicomHeader(result.bytes, result.bytes.length);
      assert.ok(ours.ok);
      const before = readDicomHeader(received, received.length);
      assert.ok(before.ok);
      assert.deepEqual(ours.header.patient, { id: 'LOCAL-0042', name: 'SAMPLE^ALEX', birthDate: '1981-06-07', sex: 'M' });
      assert.deepEqual(
        [ours.header.sopInstanceUid, ours.header.studyInstanceUid, ours.header.transferSyntaxUid, ours.header.viewerMetadata],
        [before.header.sopInstanceUid, before.header.studyInstanceUid, before.header.transferSyntaxUid, before.header.viewerMetadata],
        'UIDs, transfer syntax and everything the viewer reads are unchanged',
      );
    });
  }

  test('a header that already names the patient as the facility records them is left alone', async () => {
    const received = await outsideFile('explicit', 'same-in.dcm');
    const same = { patientId: 'PAT-0001', name: 'DOE^JANE^^', birthDate: '1970-01-02', sex: 'F', issuerOfPatientId: 'ELSEWHERE GENERAL MRN' };
    const result = reconcile(received, same);
    assert.deepEqual(result.changed, []);
    assert.equal(result.header, null);
  });

  test('unknown local values empty the type 2 attributes; an attribute the file lacked is recorded as empty', async () => {
    const received = await outsideFile('explicit', 'sparse-in.dcm');
    run('dcmodify', ['-nb', '-e', '(0010,0040)', join(dir, 'sparse-in.dcm')]);
    const sparse = readFileSync(join(dir, 'sparse-in.dcm'));
    assert.notDeepEqual(sparse, received);
    const result = reconcile(sparse, { ...local, birthDate: null });
    assert.deepEqual(result.changed, ['PatientName', 'PatientID', 'IssuerOfPatientID', 'PatientBirthDate', 'PatientSex']);
    const out = dump(result.bytes, 'sparse-out.dcm');
    assert.match(topLevel(out, '0010,0030')!, /DA \(no value available\)/);
    assert.match(topLevel(out, '0010,0040')!, /CS \[M\]/);
    const sequence = out.slice(out.indexOf('(0400,0561)'));
    assert.match(sequence, /\(0010,0030\) DA \[19700102\]/);
    assert.match(sequence, /\(0010,0040\) CS \(no value available\)/, 'inserted: zero length among the old values');
  });

  test('a second reconciliation appends its own item; the first stays', async () => {
    const once = reconcile(await outsideFile('explicit', 'twice-in.dcm'));
    const twice = reconcile(once.bytes, { ...local, patientId: 'LOCAL-0043', issuerOfPatientId: 'UNIT TEST CLINIC' });
    assert.deepEqual(twice.changed, ['PatientID', 'IssuerOfPatientID']);
    const out = dump(twice.bytes, 'twice-out.dcm');
    assert.equal(out.match(/\(0400,0565\) CS \[COERCE\]/g)?.length, 2);
    assert.match(topLevel(out, '0010,0021')!, /LO \[UNIT TEST CLINIC\]/);
  });

  test('Latin-1 in, UTF-8 out: the old name stays readable in the sequence, a local name with accents is written correctly', async () => {
    const [file] = await smallStudy({ kind: 'CT', slices: 1, patient: { id: 'PAT-0002', name: 'MXLLER^JXRG', birthDate: '19700102', sex: 'M' } });
    const path = join(dir, 'latin1-in.dcm');
    writeFileSync(path, file!.bytes);
    run('dcmodify', ['-nb', '-m', '(0008,0005)=ISO_IR 100', path]);
    const received = readFileSync(path);
    const at = received.indexOf('MXLLER^JXRG');
    received[at + 1] = 0xdc; // Ü in ISO 8859-1
    received[at + 8] = 0xd6; // Ö
    const before = readDicomHeader(received, received.length);
    assert.ok(before.ok);
    assert.equal(before.header.patient.name, 'MÜLLER^JÖRG', 'the file really is Latin-1');
    const result = reconcile(received, { ...local, name: 'PEÑA^JOSÉ' });
    const out = dump(result.bytes, 'latin1-out.dcm');
    assert.match(topLevel(out, '0008,0005')!, /ISO_IR 192/);
    assert.match(topLevel(out, '0010,0010')!, /PN \[PEÑA\^JOSÉ\]/);
    assert.match(out.slice(out.indexOf('(0400,0561)')), /\(0010,0010\) PN \[MÜLLER\^JÖRG\]/);
    const ours = readDicomHeader(result.bytes, result.bytes.length);
    assert.ok(ours.ok);
    assert.equal(ours.header.patient.name, 'PEÑA^JOSÉ');
  });

  test('several character sets (ISO 2022 code extensions) are refused, not guessed', async () => {
    const received = await outsideFile('explicit', 'iso2022-in.dcm');
    run('dcmodify', ['-nb', '-m', '(0008,0005)=ISO 2022 IR 6\\ISO 2022 IR 87', join(dir, 'iso2022-in.dcm')]);
    const bytes = readFileSync(join(dir, 'iso2022-in.dcm'));
    assert.notDeepEqual(bytes, received);
    const result = coercePatientIdentity(bytes.subarray(0, pixelDataElementOffset(bytes)!), local, context);
    assert.equal(result.ok, false);
  });
});
