import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import dcmjs from 'dcmjs';
import dicomParser from '@/lib/dicom/dicom-parser';
import { generateStudy } from '@/lib/dicom/generate-study';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { smallStudy, testPatient } from './small-study';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

function naturalized(bytes: Uint8Array): Record<string, unknown> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const dict = DicomMessage.readFile(buffer);
  return { ...DicomMetaDictionary.naturalizeDataset(dict.meta), ...DicomMetaDictionary.naturalizeDataset(dict.dict) };
}

function pixelValues(bytes: Uint8Array, signed: boolean): Int16Array | Uint16Array {
  const ds = dicomParser.parseDicom(bytes);
  const element = ds.elements.x7fe00010!;
  const copy = bytes.slice(element.dataOffset, element.dataOffset + element.length);
  return signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
}

const requiredKeywords = [
  'SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID',
  'PatientID', 'PatientName', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'AccessionNumber',
  'Modality', 'StudyDescription', 'SeriesDescription', 'SeriesNumber', 'InstanceNumber', 'Manufacturer',
  'BodyPartExamined', 'Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation',
  'SamplesPerPixel', 'PhotometricInterpretation', 'PixelData', 'MediaStorageSOPClassUID',
  'MediaStorageSOPInstanceUID', 'TransferSyntaxUID', 'ImplementationClassUID',
];

describe('generateStudy', () => {
  test('[DICOM] a CT study parses with dicom-parser and dcmjs and carries every required tag', async () => {
    const files = await smallStudy({ kind: 'CT' });
    assert.equal(files.length, 3);
    assert.deepEqual(files.map((f) => f.fileName), ['CT_001_0001.dcm', 'CT_001_0002.dcm', 'CT_001_0003.dcm']);
    const instances = files.map((f) => naturalized(f.bytes));
    for (const ds of instances) {
      for (const keyword of requiredKeywords) assert.ok(ds[keyword] !== undefined, `missing ${keyword}`);
      assert.equal(ds.SOPClassUID, '1.2.840.10008.5.1.4.1.1.2');
      assert.equal(ds.MediaStorageSOPInstanceUID, ds.SOPInstanceUID);
      assert.equal(ds.TransferSyntaxUID, '1.2.840.10008.1.2.1');
      assert.equal(ds.Manufacturer, 'ScanShare synthetic');
      assert.equal(ds.PixelRepresentation, 1);
      assert.equal(ds.RescaleIntercept, -1024);
      assert.match(ds.StudyInstanceUID as string, /^2\.25\.\d+$/);
      // dicom-parser reads it to the end without complaint.
      const parsed = dicomParser.parseDicom(files[0]!.bytes);
      assert.equal(parsed.elements.x7fe00010?.length, 64 * 64 * 2);
    }
    assert.equal(new Set(instances.map((d) => d.StudyInstanceUID)).size, 1);
    assert.equal(new Set(instances.map((d) => d.SeriesInstanceUID)).size, 1);
    assert.equal(new Set(instances.map((d) => d.SOPInstanceUID)).size, 3);
  });

  test('[DICOM] CT geometry is consistent: slices step by SliceThickness along the normal', async () => {
    const instances = (await smallStudy({ kind: 'CT', slices: 4 })).map((f) => naturalized(f.bytes));
    const z = instances.map((d) => (d.ImagePositionPatient as number[])[2]!);
    const thickness = instances[0]!.SliceThickness as number;
    for (let i = 1; i < z.length; i++) assert.ok(Math.abs(z[i]! - z[i - 1]! - thickness) < 1e-3);
    instances.forEach((d, i) => {
      assert.equal(d.InstanceNumber, i + 1);
      assert.equal(d.SliceLocation, z[i]);
      assert.deepEqual(d.ImageOrientationPatient, [1, 0, 0, 0, 1, 0]);
      assert.equal((d.PixelSpacing as number[]).length, 2);
    });
  });

  test('[DICOM] the phantom is visible: pixels vary within a slice and between slices', async () => {
    const files = await smallStudy({ kind: 'CT', slices: 5 });
    const slices = files.map((f) => pixelValues(f.bytes, true));
    for (const pixels of slices) {
      const distinct = new Set(pixels);
      assert.ok(distinct.size > 20, `only ${distinct.size} distinct values`);
      // Both air (stored ~24) and skull (stored ~2200) appear.
      assert.ok(Math.min(...pixels) < 200 && Math.max(...pixels) > 1500);
    }
    assert.notDeepEqual(slices[0], slices[2]);
  });

  test('[DICOM] an MR study has two unsigned series and a CR image is one unsigned 12-bit radiograph', async () => {
    const mr = (await smallStudy({ kind: 'MR', slices: 2 })).map((f) => naturalized(f.bytes));
    assert.equal(mr.length, 4);
    assert.deepEqual([...new Set(mr.map((d) => d.SeriesNumber))], [1, 2]);
    assert.equal(new Set(mr.map((d) => d.SeriesInstanceUID)).size, 2);
    assert.equal(new Set(mr.map((d) => d.FrameOfReferenceUID)).size, 1);
    assert.ok(mr.every((d) => d.SOPClassUID === '1.2.840.10008.5.1.4.1.1.4' && d.PixelRepresentation === 0));

    const [cr] = await smallStudy({ kind: 'CR', rows: 120, columns: 100, slices: 1 });
    const ds = naturalized(cr!.bytes);
    assert.equal(ds.SOPClassUID, '1.2.840.10008.5.1.4.1.1.1');
    assert.deepEqual([ds.Rows, ds.Columns, ds.BitsStored, ds.PhotometricInterpretation], [120, 100, 12, 'MONOCHROME2']);
    assert.ok(new Set(pixelValues(cr!.bytes, false)).size > 20);
  });

  test('[DICOM] a non-ASCII patient name is written as UTF-8 and read back intact', async () => {
    const [file] = await smallStudy({ kind: 'CT', slices: 1, patient: { ...testPatient, name: 'MÜLLER^JÜRGEN' } });
    const parsed = readDicomHeader(file!.bytes, file!.bytes.length);
    assert.ok(parsed.ok);
    assert.equal(parsed.header.patient.name, 'MÜLLER^JÜRGEN');
  });

  test('[DICOM] an invalid spec is refused before any file is produced', async () => {
    const bad = generateStudy({ kind: 'CT', patient: { ...testPatient, birthDate: '1970-01-02' }, accession: 'A', studyDescription: 'X' });
    await assert.rejects(() => bad.next(), /YYYYMMDD/);
  });

  const hasDcmcjpeg = spawnSync('dcmcjpeg', ['--version']).status === 0;
  test(
    '[DICOM] jpeg-lossless output is JPEG Lossless SV1 and still reads as an image',
    { skip: hasDcmcjpeg ? false : 'dcmcjpeg (dcmtk) is not on PATH' },
    async () => {
      const files = await smallStudy({ kind: 'CT', slices: 2, transferSyntax: 'jpeg-lossless' });
      assert.equal(files.length, 2);
      for (const file of files) {
        const parsed = readDicomHeader(file.bytes, file.bytes.length);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
        assert.equal(parsed.header.transferSyntaxUid, '1.2.840.10008.1.2.4.70');
      }
    },
  );
});
