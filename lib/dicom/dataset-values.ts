// Typed, forgiving reads of values from a dicom-parser DataSet. Absent or
// unparseable values come back as undefined (never NaN), so callers decide what
// is required; text is decoded per the data set's SpecificCharacterSet.
import type { DataSet } from './dicom-parser';
import { textDecoderFor } from './specific-character-set';

export class DatasetValues {
  private readonly decode: (bytes: Uint8Array) => string;

  constructor(private readonly dataSet: DataSet) {
    this.decode = textDecoderFor(dataSet.string('x00080005'));
  }

  /** An ASCII value (UI, CS, DA, TM, AS...), trimmed; undefined when absent or empty. */
  ascii(tag: string): string | undefined {
    const value = this.dataSet.string(tag)?.trim();
    return value ? value : undefined;
  }

  /** A multi-valued ASCII value (e.g. ImageType) as its parts. */
  asciiList(tag: string): string[] | undefined {
    const value = this.ascii(tag);
    return value === undefined ? undefined : value.split('\\').map((part) => part.trim());
  }

  /** A text value (PN, LO, SH, LT...) decoded per SpecificCharacterSet and trimmed; '' when absent. */
  text(tag: string): string {
    const element = this.dataSet.elements[tag];
    if (!element || element.length === 0) return '';
    const bytes = this.dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
    return this.decode(bytes).replace(/^[\s\0]+|[\s\0]+$/g, '');
  }

  /** A DS or IS value as numbers, one per value; undefined if absent or any part is not a number. */
  numbers(tag: string): number[] | undefined {
    const raw = this.ascii(tag);
    if (raw === undefined) return undefined;
    const parts = raw.split('\\').map((part) => part.trim());
    if (parts.some((part) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(part))) return undefined;
    return parts.map(Number);
  }

  /** The first value of a DS or IS. */
  number(tag: string): number | undefined {
    return this.numbers(tag)?.[0];
  }

  /** The first value of an IS as a 32-bit integer (what a database integer column holds). */
  integer(tag: string): number | undefined {
    const value = this.number(tag);
    return value !== undefined && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1 ? value : undefined;
  }

  /** A DS or IS kept as a number when single-valued and as an array when multi-valued. */
  numberOrNumbers(tag: string): number | number[] | undefined {
    const values = this.numbers(tag);
    return values && values.length === 1 ? values[0] : values;
  }

  /** A binary unsigned short (US). */
  uint16(tag: string): number | undefined {
    const element = this.dataSet.elements[tag];
    if (!element || element.length < 2) return undefined;
    return this.dataSet.uint16(tag);
  }
}

/** DICOM DA (YYYYMMDD, or the old YYYY.MM.DD) as YYYY-MM-DD; null unless it is a real calendar date. */
export function isoDate(da: string | undefined): string | null {
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da ?? '');
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const valid = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  return valid ? `${year}-${month}-${day}` : null;
}

/** DICOM TM (HH[MM[SS[.F{1,6}]]], or the old HH:MM:SS) in its standard form; null if not a time. */
export function dicomTime(tm: string | undefined): string | null {
  const compact = (tm ?? '').replaceAll(':', '');
  const match = /^([01]\d|2[0-3])([0-5]\d([0-5]\d(\.\d{1,6})?)?)?$/.exec(compact);
  return match ? compact : null;
}
