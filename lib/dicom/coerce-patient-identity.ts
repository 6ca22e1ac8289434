// Import reconciliation (IHE IRWF): outside images accepted for a local patient must
// carry that patient's identity in their own headers, or a receiving PACS that files
// by header puts them under the wrong person. Given a Part-10 file's bytes up to its
// Pixel Data element, this returns a new header with the local Patient's Name, ID,
// Issuer of Patient ID, Birth Date and Sex, and the values it replaced kept in a new
// item of the Original Attributes Sequence (0400,0561) (PS3.3 C.12.1.1.9.2): when,
// by what system, from where, why (COERCE: "replace values of attributes such as
// Patient Name, ID ... during import of media from an external institution"), and
// the Modified Attributes Sequence (0400,0550) with the old values (zero length for
// an attribute that was not there before). Pure: bytes in, bytes out; the caller
// appends the untouched Pixel Data element and everything after it.
//
// dcmjs reads and writes the header. It decodes text per Specific Character Set and
// always writes UTF-8, so the copy says ISO_IR 192; numbers keep their written form
// (dcmjs's _rawValue round trip). The SOP Instance UID is kept, as IRWF allows for
// a change of patient identity only.
import dcmjs, { type DenaturalizedDataset, type DenaturalizedElement } from 'dcmjs';
import { implementationClassUid, implementationVersionName } from './uids';

const { DicomMessage } = dcmjs.data;

/** The facility's record of the patient. Dates as YYYY-MM-DD; null or '' when unknown. */
export type LocalPatientIdentity = {
  patientId: string;
  /** DICOM PN as the facility keeps it, e.g. `SAMPLE^ALEX`. */
  name: string;
  birthDate: string | null;
  sex: string | null;
  /** The facility's assigning authority for its PatientIDs, if it names one. */
  issuerOfPatientId: string | null;
};

export type CoercionContext = {
  /** Attribute Modification DateTime (0400,0562). One value for every file of an accept. */
  at: Date;
  /** Modifying System (0400,0563), e.g. "ScanShare (Demo Imaging Centre)". */
  modifyingSystem: string;
};

/** Keywords of the attributes a reconciliation may change: what the audit row records (never values). */
export type ReconciledAttribute = 'PatientName' | 'PatientID' | 'IssuerOfPatientID' | 'IssuerOfPatientIDQualifiersSequence' | 'PatientBirthDate' | 'PatientSex';

export type CoercionResult =
  | { ok: true; changed: ReconciledAttribute[]; header: Uint8Array | null }
  | { ok: false; reason: string };

type Target = { keyword: ReconciledAttribute; tag: string; vr: string; value: (p: LocalPatientIdentity) => string; emptyMeansAbsent: boolean };

// Patient's Name, ID, Birth Date and Sex are type 2 (present, possibly empty); the
// issuer is type 3: without a local one the outside issuer is removed, since it
// would otherwise qualify the local PatientID with the other hospital's authority.
const targets: Target[] = [
  { keyword: 'PatientName', tag: '00100010', vr: 'PN', value: (p) => p.name, emptyMeansAbsent: false },
  { keyword: 'PatientID', tag: '00100020', vr: 'LO', value: (p) => p.patientId, emptyMeansAbsent: false },
  { keyword: 'IssuerOfPatientID', tag: '00100021', vr: 'LO', value: (p) => p.issuerOfPatientId ?? '', emptyMeansAbsent: true },
  { keyword: 'PatientBirthDate', tag: '00100030', vr: 'DA', value: (p) => (p.birthDate ?? '').replaceAll('-', ''), emptyMeansAbsent: false },
  { keyword: 'PatientSex', tag: '00100040', vr: 'CS', value: (p) => p.sex ?? '', emptyMeansAbsent: false },
];
const issuerQualifiersTag = '00100024';
const institutionNameTag = '00080080';
const originalAttributesTag = '04000561';

export function coercePatientIdentity(headerBytes: Uint8Array, local: LocalPatientIdentity, context: CoercionContext): CoercionResult {
  let file: ReturnType<typeof DicomMessage.readFile>;
  try {
    // A copy: dcmjs wants an ArrayBuffer of exactly these bytes (a Buffer may sit in a shared pool).
    file = DicomMessage.readFile(new Uint8Array(headerBytes).buffer);
  } catch (err) {
    // e.g. several character sets (ISO 2022 code extensions), which dcmjs cannot decode.
    return { ok: false, reason: refusalReason(err, 'read') };
  }
  const dataset = file.dict;
  const changed: ReconciledAttribute[] = [];
  const previous: DenaturalizedDataset = {};
  for (const target of targets) {
    const current = dataset[target.tag];
    const wanted = target.value(local).trim();
    if (comparable(current, target.vr) === normalise(wanted, target.vr)) continue;
    changed.push(target.keyword);
    previous[target.tag] = current ? copyElement(current) : { vr: target.vr, Value: [] };
    if (wanted === '' && target.emptyMeansAbsent) delete dataset[target.tag];
    else dataset[target.tag] = { vr: target.vr, Value: wanted === '' ? [] : [target.vr === 'PN' ? { Alphabetic: wanted } : wanted] };
  }
  // Qualifiers describe the issuer; once the issuer is replaced they describe nothing here.
  if (changed.includes('IssuerOfPatientID') && dataset[issuerQualifiersTag]) {
    changed.push('IssuerOfPatientIDQualifiersSequence');
    previous[issuerQualifiersTag] = dataset[issuerQualifiersTag];
    delete dataset[issuerQualifiersTag];
  }
  if (changed.length === 0) return { ok: true, changed, header: null };

  const item: DenaturalizedDataset = {
    '04000562': { vr: 'DT', Value: [dicomDateTime(context.at)] },
    '04000563': { vr: 'LO', Value: [context.modifyingSystem.slice(0, 64)] },
    '04000564': { vr: 'LO', Value: sourceOfPreviousValues(previous, dataset) },
    '04000565': { vr: 'CS', Value: ['COERCE'] },
    '04000550': { vr: 'SQ', Value: [previous] },
  };
  const earlier = dataset[originalAttributesTag];
  // Earlier coercions (by the sending site) stay; ours is appended.
  dataset[originalAttributesTag] = { vr: 'SQ', Value: [...(earlier?.Value ?? []), item] };
  dataset['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] }; // dcmjs writes every string as UTF-8
  // Retired group lengths would be wrong after the change; readers do not need them.
  for (const tag of Object.keys(dataset)) if (tag.endsWith('0000')) delete dataset[tag];
  // This implementation wrote the file (PS3.10 7.1).
  file.meta['00020012'] = { vr: 'UI', Value: [implementationClassUid] };
  file.meta['00020013'] = { vr: 'SH', Value: [implementationVersionName] };
  delete file.meta['00020000']; // recomputed by dcmjs
  try {
    // Values the sender wrote longer than their VR allows are kept as sent: we change identity, not other attributes.
    return { ok: true, changed, header: new Uint8Array(file.write({ allowInvalidVRLength: true })) };
  } catch (err) {
    return { ok: false, reason: refusalReason(err, 'write') };
  }
}

/** Why dcmjs gave up, without its message text: that can quote a value, and values are patient data. */
function refusalReason(err: unknown, step: 'read' | 'write'): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/character set/i.test(message)) return 'its Specific Character Set (0008,0005) is not supported';
  return `dcmjs could not ${step} its header (${err instanceof Error ? err.name : typeof err})`;
}

/** The element's value as one string for comparison: PN components joined by '=', values by '\'. */
function comparable(element: DenaturalizedElement | undefined, vr: string): string {
  if (!element?.Value?.length) return '';
  const text = element.Value.map((v) => (typeof v === 'object' && v !== null ? pnText(v as Record<string, string | undefined>) : String(v))).join('\\');
  return normalise(text, vr);
}

function pnText(pn: Record<string, string | undefined>): string {
  return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
}

/** `DOE^JANE^^` and `DOE^JANE` are one name: trailing empty components and padding are not a change (case is). */
function normalise(value: string, vr: string): string {
  const trimmed = value.trim();
  if (vr !== 'PN') return trimmed;
  return trimmed
    .split('=')
    .map((group) => group.split('^').map((c) => c.trim()).join('^').replace(/\^+$/, ''))
    .join('=')
    .replace(/=+$/, '');
}

function copyElement(element: DenaturalizedElement): DenaturalizedElement {
  return { vr: element.vr, Value: structuredClone(element.Value ?? []), ...(element._rawValue !== undefined && { _rawValue: structuredClone(element._rawValue) }) };
}

/**
 * Source of Previous Values (0400,0564), type 2: where the images came from, as far
 * as the file says: the authority that issued its PatientID, else its Institution
 * Name; empty (unknown) otherwise. We do not know the sender beyond what it wrote.
 */
function sourceOfPreviousValues(previous: DenaturalizedDataset, dataset: DenaturalizedDataset): string[] {
  const first = (element: DenaturalizedElement | undefined) => (element?.Value?.length ? String(element.Value[0]).trim() : '');
  const source = first(previous['00100021']) || first(dataset[institutionNameTag]);
  return source ? [source.slice(0, 64)] : [];
}

/** DT in UTC: YYYYMMDDHHMMSS.FFFFFF+0000. */
function dicomDateTime(at: Date): string {
  const iso = at.toISOString(); // 2026-12-04T21:45:00.123Z
  return `${iso.slice(0, 19).replace(/[-:T]/g, '')}.${iso.slice(20, 23)}000+0000`;
}
