// Writes the DICOMDIR of a CD-style download from metadata alone: the ZIP streams
// the instances from storage after this file, so it can never read them.
//
// The records form one PATIENT > STUDY > SERIES > IMAGE tree stored depth-first in
// DirectoryRecordSequence, linked by byte offsets from the start of the file
// (next sibling, first child; 0 for none). Offsets are fixed-size UL values, so
// record sizes do not depend on them: pass one encodes with zeros to learn every
// record's position, pass two encodes again with the real links.
import {
  concatBytes,
  type DataElement,
  encodeElements,
  encodeItem,
  encodeSequenceHeader,
} from './explicit-le-encoder';
import {
  type DicomdirPatient,
  imageKeys,
  patientKeys,
  seriesKeys,
  studyKeys,
} from './dicomdir-records';
import { implementationClassUid, implementationVersionName, isDicomUid, newDicomUid, sopClassUids, transferSyntaxUids } from './uids';

export type { DicomdirInstance, DicomdirPatient, DicomdirSeries, DicomdirStudy } from './dicomdir-records';

export interface DicomdirInput {
  /** FileSetID (0004,1130): up to 16 of A-Z, 0-9, space, _. */
  fileSetId: string;
  /** MediaStorageSOPInstanceUID of the DICOMDIR itself; a new UID when absent. */
  sopInstanceUid?: string;
  patients: readonly DicomdirPatient[];
}

type RecordType = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';

interface DirectoryRecord {
  type: RecordType;
  keys: DataElement[];
  children: DirectoryRecord[];
}

const tags = {
  fileSetId: 0x00041130,
  firstRootRecord: 0x00041200,
  lastRootRecord: 0x00041202,
  fileSetConsistencyFlag: 0x00041212,
  directoryRecordSequence: 0x00041220,
  nextRecord: 0x00041400,
  recordInUse: 0x00041410,
  lowerLevelEntity: 0x00041420,
  recordType: 0x00041430,
} as const;

export function writeDicomdir(input: DicomdirInput): Uint8Array {
  if (!/^[A-Z0-9_ ]{0,16}$/.test(input.fileSetId)) {
    throw new RangeError(`FileSetID must be at most 16 of A-Z, 0-9, space, _: "${input.fileSetId}"`);
  }
  const roots = input.patients.map(patientRecord);
  const { order, nextSibling } = depthFirst(roots);

  const preambleAndMeta = concatBytes([new Uint8Array(128), new TextEncoder().encode('DICM'), fileMeta(input.sopInstanceUid)]);
  // The elements ahead of the sequence are fixed-size, so zeros give their length.
  const headLength = datasetHead(input.fileSetId, 0, 0).length;
  const firstRecordAt = preambleAndMeta.length + headLength + 12;

  const offsets = new Map<DirectoryRecord, number>();
  let at = firstRecordAt;
  for (const record of order) {
    offsets.set(record, at);
    at += encodeRecord(record, 0, 0).length;
  }
  const offsetOf = (record: DirectoryRecord | undefined) => (record ? offsets.get(record)! : 0);
  const items = order.map((record) =>
    encodeRecord(record, offsetOf(nextSibling.get(record)), offsetOf(record.children[0])),
  );
  const itemsLength = at - firstRecordAt;

  return concatBytes([
    preambleAndMeta,
    datasetHead(input.fileSetId, offsetOf(roots[0]), offsetOf(roots.at(-1))),
    encodeSequenceHeader(tags.directoryRecordSequence, itemsLength),
    ...items,
  ]);
}

function patientRecord(p: DicomdirPatient): DirectoryRecord {
  return {
    type: 'PATIENT',
    keys: patientKeys(p),
    children: p.studies.map((study, s) => ({
      type: 'STUDY' as const,
      keys: studyKeys(study, s + 1),
      children: study.series.map((series, e) => ({
        type: 'SERIES' as const,
        keys: seriesKeys(series, e + 1),
        children: series.instances.map((instance, i) => ({
          type: 'IMAGE' as const,
          keys: imageKeys(instance, i + 1),
          children: [],
        })),
      })),
    })),
  };
}

/** Records in file order (each followed by its subtree) and each record's next sibling. */
function depthFirst(roots: DirectoryRecord[]) {
  const order: DirectoryRecord[] = [];
  const nextSibling = new Map<DirectoryRecord, DirectoryRecord>();
  const visit = (siblings: DirectoryRecord[]) => {
    siblings.forEach((record, i) => {
      order.push(record);
      const next = siblings[i + 1];
      if (next) nextSibling.set(record, next);
      visit(record.children);
    });
  };
  visit(roots);
  return { order, nextSibling };
}

function encodeRecord(record: DirectoryRecord, nextRecordOffset: number, lowerLevelOffset: number): Uint8Array {
  return encodeItem(
    encodeElements([
      { tag: tags.nextRecord, vr: 'UL', value: nextRecordOffset },
      { tag: tags.recordInUse, vr: 'US', value: 0xffff },
      { tag: tags.lowerLevelEntity, vr: 'UL', value: lowerLevelOffset },
      { tag: tags.recordType, vr: 'CS', value: record.type },
      ...record.keys,
    ]),
  );
}

function datasetHead(fileSetId: string, firstRootOffset: number, lastRootOffset: number): Uint8Array {
  return encodeElements([
    { tag: tags.fileSetId, vr: 'CS', value: fileSetId },
    { tag: tags.firstRootRecord, vr: 'UL', value: firstRootOffset },
    { tag: tags.lastRootRecord, vr: 'UL', value: lastRootOffset },
    // 0: no known inconsistencies in the file-set.
    { tag: tags.fileSetConsistencyFlag, vr: 'US', value: 0 },
  ]);
}

function fileMeta(sopInstanceUid: string | undefined): Uint8Array {
  const instanceUid = sopInstanceUid ?? newDicomUid();
  if (!isDicomUid(instanceUid)) throw new RangeError(`not a DICOM UID: "${instanceUid}"`);
  const elements = encodeElements([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUids.mediaStorageDirectory },
    { tag: 0x00020003, vr: 'UI', value: instanceUid },
    { tag: 0x00020010, vr: 'UI', value: transferSyntaxUids.explicitVrLittleEndian },
    { tag: 0x00020012, vr: 'UI', value: implementationClassUid },
    { tag: 0x00020013, vr: 'SH', value: implementationVersionName },
  ]);
  const groupLength = encodeElements([{ tag: 0x00020000, vr: 'UL', value: elements.length }]);
  return concatBytes([groupLength, elements]);
}
