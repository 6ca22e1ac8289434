// A deliberately small Explicit VR Little Endian encoder: just the VRs a DICOMDIR
// uses, defined-length sequences and items, and the even-length padding DICOM
// requires. Written by hand because a DICOMDIR's offsets are byte positions in the
// finished file, which only an encoder whose output sizes we control can compute.

export type Vr = 'CS' | 'DA' | 'IS' | 'LO' | 'OB' | 'PN' | 'SH' | 'TM' | 'UI' | 'UL' | 'US';

export interface DataElement {
  /** (group << 16) | element, e.g. 0x00100010 for PatientName. */
  tag: number;
  vr: Vr;
  /** Strings for text VRs (multiple values already joined with `\`), numbers for UL/US, bytes for OB. */
  value: string | number | Uint8Array;
}

const utf8 = new TextEncoder();

/** Items and sequences are encoded as raw elements with these tags and no VR. */
const itemTag = 0xfffee000;
const sequenceVrBytes = utf8.encode('SQ');

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Encodes elements in ascending tag order, as DICOM requires within a data set or item. */
export function encodeElements(elements: readonly DataElement[]): Uint8Array {
  return concatBytes([...elements].sort((a, b) => a.tag - b.tag).map(encodeElement));
}

export function encodeElement({ tag, vr, value }: DataElement): Uint8Array {
  const body = valueBytes(vr, value);
  // OB (like SQ) has a 4-byte length after two reserved bytes; the rest a 2-byte length.
  const longForm = vr === 'OB';
  if (!longForm && body.length > 0xffff) throw new RangeError(`value too long for ${vr} in tag ${hexTag(tag)}`);
  const header = new Uint8Array(longForm ? 12 : 8);
  const view = new DataView(header.buffer);
  writeTag(view, tag);
  header.set(utf8.encode(vr), 4);
  if (longForm) view.setUint32(8, body.length, true);
  else view.setUint16(6, body.length, true);
  return concatBytes([header, body]);
}

/** An item with a defined length wrapping already encoded elements. */
export function encodeItem(content: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  writeTag(view, itemTag);
  view.setUint32(4, content.length, true);
  return concatBytes([header, content]);
}

/** The 12-byte header of a defined-length sequence; its items follow it directly. */
export function encodeSequenceHeader(tag: number, contentLength: number): Uint8Array {
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  writeTag(view, tag);
  header.set(sequenceVrBytes, 4);
  view.setUint32(8, contentLength, true);
  return header;
}

function valueBytes(vr: Vr, value: string | number | Uint8Array): Uint8Array {
  if (vr === 'UL' || vr === 'US') {
    if (typeof value !== 'number') throw new TypeError(`${vr} needs a number`);
    const bytes = new Uint8Array(vr === 'UL' ? 4 : 2);
    const view = new DataView(bytes.buffer);
    if (vr === 'UL') view.setUint32(0, value, true);
    else view.setUint16(0, value, true);
    return bytes;
  }
  if (vr === 'OB') {
    if (!(value instanceof Uint8Array)) throw new TypeError('OB needs bytes');
    return padToEven(value, 0x00);
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`${vr} needs text`);
  // UIDs are padded with NUL, every other text VR with a space (PS3.5 6.2).
  return padToEven(utf8.encode(String(value)), vr === 'UI' ? 0x00 : 0x20);
}

function padToEven(bytes: Uint8Array, pad: number): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = pad;
  return out;
}

function writeTag(view: DataView, tag: number): void {
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
}

function hexTag(tag: number): string {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
