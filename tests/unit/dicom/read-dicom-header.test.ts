import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import dcmjs from 'dcmjs';
import { writeDicomdir } from '@/lib/dicom/dicomdir';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { textDecoderFor } from '@/lib/dicom/specific-character-set';
import { cdLayout, smallStudy } from './small-study';

const { DicomMessage } = dcmjs.data;

type DicomDict = ReturnType<typeof DicomMessage.readFile>;

/** Re-writes a file after editing its denaturalized meta/dataset with dcmjs. */
function rewrite(bytes: Uint8Array, edit: (dict: DicomDict) => void): Uint8Array {
  const dict = DicomMessage.readFile(bytes.slice().buffer);
  edit(dict);
  return new Uint8Array(dict.write());
}

const read = (bytes: Uint8Array) => readDicomHeader(bytes, bytes.length);

function rejection(result: ReturnType<typeof readDicomHeader>) {
  assert.equal(result.ok, false, 'expected a rejection');
  return result as Extract<typeof result, { ok: false }>;
}

describe('readDicomHeader', () => {
  let ct: Uint8Array;
  before(async () => {
    const files = await smallStudy({ kind: 'CT', slices: 2 });
    ct = files[1]!.bytes;
  });

  test('[INGEST] a good CT instance yields typed identity, patient, study, series and instance fields', () => {
    const result = read(ct);
    assert.ok(result.ok);
    const h = result.header;
    assert.match(h.sopInstanceUid, /^2\.25\.\d+$/);
    assert.equal(h.sopClassUid, '1.2.840.10008.5.1.4.1.1.2');
    assert.equal(h.transferSyntaxUid, '1.2.840.10008.1.2.1');
    assert.deepEqual(h.patient, { id: 'PAT-0001', name: 'DOE^JANE', birthDate: '1970-01-02', sex: 'F' });
    assert.match(h.study.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.match(h.study.time ?? '', /^\d{6}$/);
    assert.equal(h.study.accessionNumber, 'ACC0001');
    assert.equal(h.study.description, 'UNIT TEST STUDY');
    assert.equal(h.study.referringPhysician, 'REFERRER^SYNTHETIC');
    assert.deepEqual(h.series, { number: 1, modality: 'CT', description: 'HEAD AXIAL STANDARD', bodyPart: 'HEAD' });
    assert.deepEqual(h.instance, { number: 2, numberOfFrames: 1, rows: 64, columns: 64 });
  });

  test('[INGEST] viewerMetadata has the pixel module and geometry as numbers, and no patient data', () => {
    const result = read(ct);
    assert.ok(result.ok);
    const m = result.header.viewerMetadata;
    assert.equal(m.SOPInstanceUID, result.header.sopInstanceUid);
    assert.deepEqual(
      [m.Rows, m.Columns, m.BitsAllocated, m.BitsStored, m.HighBit, m.PixelRepresentation, m.SamplesPerPixel, m.NumberOfFrames],
      [64, 64, 16, 16, 15, 1, 1, 1],
    );
    assert.equal(m.PhotometricInterpretation, 'MONOCHROME2');
    assert.equal(m.ImagePositionPatient?.length, 3);
    assert.ok(m.ImagePositionPatient?.every((v) => typeof v === 'number' && Number.isFinite(v)));
    assert.deepEqual(m.ImageOrientationPatient, [1, 0, 0, 0, 1, 0]);
    assert.deepEqual(m.PixelSpacing, [3.90625, 3.90625]);
    assert.equal(typeof m.SliceThickness, 'number');
    assert.equal(m.SliceLocation, m.ImagePositionPatient?.[2]);
    assert.deepEqual([m.RescaleIntercept, m.RescaleSlope, m.RescaleType], [-1024, 1, 'HU']);
    assert.deepEqual([m.WindowCenter, m.WindowWidth], [[40, 500], [80, 2500]]);
    assert.equal(m.InstanceNumber, 2);
    assert.match(m.FrameOfReferenceUID ?? '', /^2\.25\./);
    const json = JSON.stringify(m);
    assert.doesNotMatch(json, /DOE|PAT-0001|19700102/);
    assert.deepEqual(JSON.parse(json), m, 'plain JSON: nothing lost in a round trip');
  });

  test('[INGEST] a prefix that holds the header is enough; one that does not is header_too_large', () => {
    assert.ok(readDicomHeader(ct.subarray(0, 2048), ct.length).ok);
    const tooShort = rejection(readDicomHeader(ct.subarray(0, 600), ct.length));
    assert.equal(tooShort.reason, 'header_too_large');
    assert.match(tooShort.message, /Header too large/);
  });

  test('[INGEST] non-DICOM bytes (PNG, text, empty) are not_dicom with a clear message', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(300).fill(0)]);
    const text = new TextEncoder().encode('hello, this is not an image\n'.repeat(20));
    for (const bytes of [png, text, new Uint8Array(0)]) {
      const result = rejection(read(bytes));
      assert.equal(result.reason, 'not_dicom');
      assert.match(result.message, /^Not a DICOM file: no DICM preamble/);
    }
  });

  test('[INGEST] a file cut inside its pixel data is truncated, with both sizes in the message', () => {
    const cut = ct.subarray(0, ct.length - 1000);
    const result = rejection(read(cut));
    assert.equal(result.reason, 'truncated');
    assert.match(result.message, /^Truncated: pixel data declares 8192 bytes but the file ends after 7192$/);
  });

  test('[INGEST] a file cut inside its header, or between two header elements, is truncated', () => {
    for (const length of [700, 750, 800]) {
      const result = rejection(read(ct.subarray(0, length)));
      assert.equal(result.reason, 'truncated', `cut at ${length}: ${result.message}`);
      assert.match(result.message, /^Truncated: the file ends (inside its header|before its pixel data)$/);
    }
  });

  test('[INGEST] pixel data shorter than Rows x Columns x bits is malformed', () => {
    const lying = rewrite(ct, (dict) => {
      dict.dict['00280010'] = { vr: 'US', Value: [128] };
    });
    const result = rejection(read(lying));
    assert.equal(result.reason, 'malformed');
    assert.match(result.message, /holds 8192 bytes but 128×64 pixels .* need 16384/);
  });

  test('[INGEST] a DICOMDIR is recognised as such, not as a broken image', async () => {
    const { patient } = cdLayout([await smallStudy({ kind: 'CT', slices: 1 })]);
    const result = rejection(read(writeDicomdir({ fileSetId: 'TEST', patients: [patient] })));
    assert.equal(result.reason, 'dicomdir');
  });

  test('[INGEST] a missing SOPInstanceUID or PatientID is malformed and names the attribute', () => {
    const noSop = rejection(read(rewrite(ct, (dict) => delete dict.dict['00080018'])));
    assert.equal(noSop.reason, 'malformed');
    assert.match(noSop.message, /SOPInstanceUID \(0008,0018\)/);
    const noPatient = rejection(read(rewrite(ct, (dict) => delete dict.dict['00100020'])));
    assert.equal(noPatient.reason, 'malformed');
    assert.match(noPatient.message, /PatientID \(0010,0020\)/);
  });

  test('[INGEST] an unsupported transfer syntax is refused with its name', () => {
    const deflated = rewrite(ct, (dict) => {
      dict.meta['00020010'] = { vr: 'UI', Value: ['1.2.840.10008.1.2.4.100'] };
    });
    const result = rejection(read(deflated));
    assert.equal(result.reason, 'unsupported');
    assert.match(result.message, /MPEG2 video \(1\.2\.840\.10008\.1\.2\.4\.100\)/);
  });

  test('[INGEST] a non-image object (a structured report) is unsupported', () => {
    const report = rewrite(ct, (dict) => {
      for (const tag of Object.keys(dict.dict)) if (tag.startsWith('0028') || tag === '7FE00010') delete dict.dict[tag];
      dict.dict['00080016'] = { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] };
      dict.meta['00020002'] = { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] };
    });
    const result = rejection(read(report));
    assert.equal(result.reason, 'unsupported');
    assert.match(result.message, /^Not an image/);
  });

  test('[INGEST] Implicit VR Little Endian files are read the same way', () => {
    const implicit = rewrite(ct, (dict) => {
      dict.meta['00020010'] = { vr: 'UI', Value: ['1.2.840.10008.1.2'] };
    });
    const result = read(implicit);
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.header.transferSyntaxUid, '1.2.840.10008.1.2');
    assert.deepEqual(result.header.viewerMetadata.PixelSpacing, [3.90625, 3.90625]);
    assert.equal(result.header.instance.rows, 64);
  });

  test('[INGEST] text is decoded per SpecificCharacterSet', () => {
    assert.equal(textDecoderFor('ISO_IR 100')(new Uint8Array([0x4d, 0xdc, 0x4c])), 'MÜL');
    assert.equal(textDecoderFor('ISO_IR 192')(new TextEncoder().encode('Łódź')), 'Łódź');
    assert.equal(textDecoderFor('ISO_IR 144')(new Uint8Array([0xbc, 0xd8])), 'Ми');
    assert.equal(textDecoderFor(undefined)(new TextEncoder().encode('DOE^JOHN')), 'DOE^JOHN');
  });
});
