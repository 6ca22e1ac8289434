// The DICOM UIDs ScanShare writes or recognises, and how it makes new ones.
import { randomUUID } from 'node:crypto';

export const sopClassUids = {
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  mrImage: '1.2.840.10008.5.1.4.1.1.4',
  computedRadiography: '1.2.840.10008.5.1.4.1.1.1',
  mediaStorageDirectory: '1.2.840.10008.1.3.10',
} as const;

export const transferSyntaxUids = {
  implicitVrLittleEndian: '1.2.840.10008.1.2',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
  deflatedExplicitVrLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitVrBigEndian: '1.2.840.10008.1.2.2',
  /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1). */
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
} as const;

/**
 * Identifies the software that wrote a Part-10 file (0002,0012). A fixed UUID-derived
 * UID so it never changes between releases of this module; bump it only if files we
 * write change in a way a reader might need to tell apart.
 */
export const implementationClassUid = '2.25.142168710535575302213520821207938763946';
/** (0002,0013) SH, at most 16 characters. */
export const implementationVersionName = 'SCANSHARE_1';

/**
 * A new globally unique UID under the `2.25` root (ITU-T X.667): the decimal form of a
 * random 128-bit UUID, so no registered org root is needed. At most 44 characters,
 * well inside the 64 that DICOM allows.
 */
export function newDicomUid(): string {
  const hex = randomUUID().replaceAll('-', '');
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

// Storage SOP classes that never carry pixel data: structured reports and key
// object selections (88.x), presentation states (11.x), waveforms (9.x), raw data
// and registrations (66.x), encapsulated documents (104.x), RT plans and structures (481.x
// other than RT Dose, 481.2, and RT Image, 481.1).
const nonImageSopClassPattern =
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(88|11|9|66|104)\.|^1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\.(?![12]$)/;

/** Whether a SOP class is known to have no pixel data (so a file of it is not an image at all). */
export function isNonImageSopClass(uid: string): boolean {
  return nonImageSopClassPattern.test(uid);
}

const uidPattern = /^[0-9]+(\.[0-9]+)*$/;

/**
 * Whether a string is usable as a UID: dotted digits, at most 64 characters. Leading
 * zeros inside a component are illegal in DICOM but common in real files, so they
 * are accepted rather than turning away a real study.
 */
export function isDicomUid(value: string): boolean {
  return value.length <= 64 && uidPattern.test(value);
}
