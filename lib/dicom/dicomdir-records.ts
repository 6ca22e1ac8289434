// The keys each DICOMDIR directory record carries (PS3.3 F.5): values cleaned to
// fit their VR, because they come from uploaded headers and a single overlong
// description must not make the whole CD index invalid.
import { dicomTime } from './dataset-values';
import type { DataElement } from './explicit-le-encoder';
import { isDicomUid } from './uids';

export interface DicomdirInstance {
  /** Path components below the DICOMDIR, e.g. ['DICOM', 'ST000001', 'SE000001', 'IM000001']. */
  fileId: readonly string[];
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
}

export interface DicomdirSeries {
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  instances: readonly DicomdirInstance[];
}

export interface DicomdirStudy {
  studyInstanceUid: string;
  /** YYYY-MM-DD (as DicomHeader gives it) or YYYYMMDD; null if unknown. */
  date: string | null;
  /** DICOM TM, or null if unknown. */
  time: string | null;
  description: string;
  accessionNumber: string;
  /** StudyID (0020,0010); the study's position under its patient is used when unknown. */
  studyId?: string | null;
  series: readonly DicomdirSeries[];
}

export interface DicomdirPatient {
  id: string;
  /** DICOM PN, e.g. `DOE^JANE`. */
  name: string;
  studies: readonly DicomdirStudy[];
}

const fileIdComponent = /^[A-Z0-9_]{1,8}$/;

// Type 1 numbers that may be unknown (SeriesNumber, InstanceNumber, StudyID) fall
// back to the record's 1-based position: they only order and label records, and
// the referenced file has no value to contradict. Unknown dates stay empty rather
// than invented, since a reader of the CD would take them as clinical facts.

export function patientKeys(p: DicomdirPatient): DataElement[] {
  // Only the standard keys: birth date and sex would make dciodvfy flag the record.
  return withCharacterSet([
    { tag: 0x00100010, vr: 'PN', value: text(p.name, 64) },
    { tag: 0x00100020, vr: 'LO', value: text(p.id, 64) },
  ]);
}

export function studyKeys(s: DicomdirStudy, ordinal: number): DataElement[] {
  return withCharacterSet([
    { tag: 0x00080020, vr: 'DA', value: dicomDate(s.date) },
    { tag: 0x00080030, vr: 'TM', value: dicomTime(s.time ?? undefined) ?? '' },
    { tag: 0x00080050, vr: 'SH', value: text(s.accessionNumber, 16) },
    { tag: 0x00081030, vr: 'LO', value: text(s.description, 64) },
    { tag: 0x0020000d, vr: 'UI', value: uid(s.studyInstanceUid) },
    { tag: 0x00200010, vr: 'SH', value: text(s.studyId ?? '', 16) || String(ordinal) },
  ]);
}

export function seriesKeys(s: DicomdirSeries, ordinal: number): DataElement[] {
  return [
    { tag: 0x00080060, vr: 'CS', value: s.modality.toUpperCase().replace(/[^A-Z0-9 _]/g, '').slice(0, 16) || 'OT' },
    { tag: 0x0020000e, vr: 'UI', value: uid(s.seriesInstanceUid) },
    { tag: 0x00200011, vr: 'IS', value: String(s.seriesNumber ?? ordinal) },
  ];
}

export function imageKeys(i: DicomdirInstance, ordinal: number): DataElement[] {
  if (i.fileId.length < 1 || i.fileId.length > 8 || !i.fileId.every((c) => fileIdComponent.test(c))) {
    throw new RangeError(`DICOMDIR file ID must be 1-8 components of A-Z, 0-9, _ (max 8 characters): ${i.fileId.join('/')}`);
  }
  return [
    { tag: 0x00041500, vr: 'CS', value: i.fileId.join('\\') },
    { tag: 0x00041510, vr: 'UI', value: uid(i.sopClassUid) },
    { tag: 0x00041511, vr: 'UI', value: uid(i.sopInstanceUid) },
    { tag: 0x00041512, vr: 'UI', value: uid(i.transferSyntaxUid) },
    { tag: 0x00200013, vr: 'IS', value: String(i.instanceNumber ?? ordinal) },
  ];
}

/** Records whose keys go beyond ASCII declare UTF-8, as PS3.3 F.5 requires (Type 1C). */
function withCharacterSet(keys: DataElement[]): DataElement[] {
  const nonAscii = keys.some((k) => typeof k.value === 'string' && /[^\x00-\x7f]/.test(k.value));
  return nonAscii ? [{ tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' }, ...keys] : keys;
}

/** One value of a text VR: no backslash (value separator) or control characters, at most `max` characters. */
function text(value: string, max: number): string {
  return [...value.replace(/[\\\x00-\x1f\x7f]/g, ' ').trim()].slice(0, max).join('').trimEnd();
}

function dicomDate(value: string | null | undefined): string {
  const compact = (value ?? '').replaceAll('-', '');
  return /^\d{8}$/.test(compact) ? compact : '';
}

function uid(value: string): string {
  if (!isDicomUid(value)) throw new RangeError(`not a DICOM UID: "${value.slice(0, 64)}"`);
  return value;
}
