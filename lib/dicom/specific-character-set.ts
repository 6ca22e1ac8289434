// Decoding of text values (names, descriptions) per SpecificCharacterSet (0008,0005).
// dicom-parser reads strings one byte per character, which garbles a UTF-8 or
// Cyrillic patient name; these bytes go through TextDecoder instead.

// DICOM defined terms -> WHATWG encoding labels (PS3.3 C.12.1.1.2).
const encodingLabels: Record<string, string> = {
  'ISO_IR 6': 'latin1',
  'ISO 2022 IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO 2022 IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO 2022 IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO 2022 IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 166': 'windows-874',
  'ISO 2022 IR 87': 'iso-2022-jp',
  'ISO 2022 IR 159': 'iso-2022-jp',
  'ISO 2022 IR 149': 'euc-kr',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** ISO 2022 escape sequences that switch character sets mid-value. */
const iso2022Escapes = /\x1b[\x20-\x2f]+[\x30-\x7e]/g;

/**
 * A decoder for the data set's text values. With several terms (code extensions),
 * the last one we know wins: the first is usually the ASCII default. Unknown or
 * absent terms fall back to Latin-1, which shows ASCII correctly and never throws.
 */
export function textDecoderFor(specificCharacterSet: string | undefined): (bytes: Uint8Array) => string {
  const terms = (specificCharacterSet ?? '').split('\\').map((term) => term.trim().toUpperCase());
  const known = terms.filter((term) => Object.hasOwn(encodingLabels, term));
  const label = encodingLabels[known.at(-1) ?? ''] ?? 'latin1';
  const decoder = new TextDecoder(label);
  if (label === 'iso-2022-jp') return (bytes) => decoder.decode(bytes);
  return (bytes) => decoder.decode(bytes).replace(iso2022Escapes, '');
}
