import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import dcmjs from 'dcmjs';
import dicomParser, { type DataSet } from '@/lib/dicom/dicom-parser';
import { type DicomdirPatient, writeDicomdir } from '@/lib/dicom/dicomdir';
import { cdLayout, smallStudy } from './small-study';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

interface ParsedRecord {
  /** Byte offset of the record's item tag from the start of the file. */
  at: number;
  type: string;
  next: number;
  lower: number;
  ds: DataSet;
}

function parseRecords(bytes: Uint8Array) {
  const ds = dicomParser.parseDicom(bytes);
  const items = ds.elements.x00041220?.items ?? [];
  const records: ParsedRecord[] = items.map((item) => ({
    at: item.dataOffset - 8,
    type: item.dataSet!.string('x00041430')!,
    next: item.dataSet!.uint32('x00041400')!,
    lower: item.dataSet!.uint32('x00041420')!,
    ds: item.dataSet!,
  }));
  return { ds, records };
}

describe('writeDicomdir', () => {
  let patient: DicomdirPatient;
  let bytes: Uint8Array;
  before(async () => {
    const ct = await smallStudy({ kind: 'CT', slices: 2 });
    const mr = await smallStudy({ kind: 'MR', slices: 2 });
    patient = cdLayout([ct, mr]).patient;
    bytes = writeDicomdir({ fileSetId: 'SCANSHARE', patients: [patient] });
  });

  test('[EXPORT] the DICOMDIR is a Part-10 Media Storage Directory file in Explicit VR Little Endian', () => {
    const { ds } = parseRecords(bytes);
    assert.equal(ds.string('x00020002'), '1.2.840.10008.1.3.10');
    assert.equal(ds.string('x00020010'), '1.2.840.10008.1.2.1');
    assert.match(ds.string('x00020003') ?? '', /^2\.25\.\d+$/);
    assert.ok(ds.string('x00020012'));
    assert.equal(ds.string('x00041130'), 'SCANSHARE');
    assert.equal(ds.uint16('x00041212'), 0);
  });

  test('[EXPORT] records are PATIENT > STUDY > SERIES > IMAGE, depth first, with the required keys', () => {
    const { records } = parseRecords(bytes);
    assert.deepEqual(
      records.map((r) => r.type),
      ['PATIENT', 'STUDY', 'SERIES', 'IMAGE', 'IMAGE', 'STUDY', 'SERIES', 'IMAGE', 'IMAGE', 'SERIES', 'IMAGE', 'IMAGE'],
    );
    const [p, ctStudy, ctSeries, firstImage] = records;
    assert.equal(p!.ds.string('x00100010'), 'DOE^JANE');
    assert.equal(p!.ds.string('x00100020'), 'PAT-0001');
    for (const tag of ['x00080020', 'x00080030', 'x0020000d', 'x00200010']) assert.ok(ctStudy!.ds.string(tag), tag);
    for (const tag of ['x00080050', 'x00081030']) assert.ok(ctStudy!.ds.elements[tag], `${tag} present (type 2)`);
    assert.equal(ctSeries!.ds.string('x00080060'), 'CT');
    assert.equal(ctSeries!.ds.string('x00200011'), '1');
    assert.equal(firstImage!.ds.string('x00041500'), 'DICOM\\ST000001\\SE000001\\IM000001');
    assert.equal(firstImage!.ds.string('x00041510'), '1.2.840.10008.5.1.4.1.1.2');
    assert.equal(firstImage!.ds.string('x00041511'), patient.studies[0]!.series[0]!.instances[0]!.sopInstanceUid);
    assert.equal(firstImage!.ds.string('x00041512'), '1.2.840.10008.1.2.1');
    assert.equal(firstImage!.ds.string('x00200013'), '1');
    assert.ok(records.every((r) => r.ds.uint16('x00041410') === 0xffff));
  });

  test('[EXPORT] offsets point at the item tag of the right sibling and first child', () => {
    const { ds, records } = parseRecords(bytes);
    const byOffset = new Map(records.map((r) => [r.at, r]));
    const [p, ctStudy, ctSeries, ctImage1, ctImage2, mrStudy, mrSeries1, , , mrSeries2] = records;
    assert.equal(ds.uint32('x00041200'), p!.at);
    assert.equal(ds.uint32('x00041202'), p!.at);
    assert.equal(p!.lower, ctStudy!.at);
    assert.equal(p!.next, 0);
    assert.equal(ctStudy!.next, mrStudy!.at);
    assert.equal(ctStudy!.lower, ctSeries!.at);
    assert.equal(ctSeries!.lower, ctImage1!.at);
    assert.equal(ctImage1!.next, ctImage2!.at);
    assert.equal(ctImage2!.next, 0);
    assert.equal(mrSeries1!.next, mrSeries2!.at);
    assert.equal(mrStudy!.next, 0);
    for (const r of records) {
      if (r.next) assert.ok(byOffset.has(r.next), `${r.type} next -> ${r.next}`);
      if (r.lower) assert.ok(byOffset.has(r.lower), `${r.type} lower -> ${r.lower}`);
      assert.equal(r.type === 'IMAGE', r.lower === 0);
      // The bytes at each offset really are an item tag (FFFE,E000).
      assert.deepEqual([...bytes.subarray(r.at, r.at + 4)], [0xfe, 0xff, 0x00, 0xe0]);
    }
  });

  test('[EXPORT] dcmjs reads the DICOMDIR back with the same records', () => {
    const dict = DicomMessage.readFile(bytes.slice().buffer);
    const natural = DicomMetaDictionary.naturalizeDataset(dict.dict) as { DirectoryRecordSequence: Array<Record<string, unknown>> };
    const records = natural.DirectoryRecordSequence;
    assert.equal(records.length, 12);
    assert.equal(records[0]!.DirectoryRecordType, 'PATIENT');
    assert.deepEqual(records[3]!.ReferencedFileID, ['DICOM', 'ST000001', 'SE000001', 'IM000001']);
    assert.equal(records[2]!.Modality, 'CT');
  });

  test('[EXPORT] non-ASCII names are declared UTF-8 in their record', () => {
    const named = writeDicomdir({ fileSetId: 'X', patients: [{ ...patient, name: 'MÜLLER^JÜRGEN' }] });
    const { records } = parseRecords(named);
    assert.equal(records[0]!.ds.string('x00080005'), 'ISO_IR 192');
    assert.equal(records[1]!.ds.elements.x00080005, undefined, 'ASCII-only study record needs no character set');
  });

  test('[EXPORT] unknown type 1 numbers fall back to the record position; overlong text is cut to fit its VR', () => {
    const study = patient.studies[0]!;
    const series = { ...study.series[0]!, seriesNumber: null, instances: study.series[0]!.instances.map((i) => ({ ...i, instanceNumber: null })) };
    const edited = writeDicomdir({
      fileSetId: 'X',
      patients: [{ ...patient, studies: [{ ...study, studyId: null, description: 'D'.repeat(100), series: [series] }] }],
    });
    const { records } = parseRecords(edited);
    assert.equal(records[1]!.ds.string('x00200010'), '1');
    assert.equal(records[1]!.ds.string('x00081030')?.length, 64);
    assert.equal(records[2]!.ds.string('x00200011'), '1');
    assert.deepEqual(records.filter((r) => r.type === 'IMAGE').map((r) => r.ds.string('x00200013')), ['1', '2']);
  });

  test('[EXPORT] file IDs that a CD cannot hold are refused', () => {
    const instance = patient.studies[0]!.series[0]!.instances[0]!;
    for (const fileId of [['dicom', 'IM1'], ['DICOM', 'IM0000001'], [], ['A/B']]) {
      const bad = { ...patient, studies: [{ ...patient.studies[0]!, series: [{ ...patient.studies[0]!.series[0]!, instances: [{ ...instance, fileId }] }] }] };
      assert.throws(() => writeDicomdir({ fileSetId: 'X', patients: [bad] }), /file ID/);
    }
  });

  test('[EXPORT] an empty file-set is still a valid DICOMDIR with zero root offsets', () => {
    const { ds, records } = parseRecords(writeDicomdir({ fileSetId: 'EMPTY', patients: [] }));
    assert.equal(records.length, 0);
    assert.equal(ds.uint32('x00041200'), 0);
    assert.equal(ds.uint32('x00041202'), 0);
  });
});
