// Where a Part-10 file's Pixel Data element (7FE0,0010) starts: the byte offset of
// its tag. Everything before it is the header a reconciliation rewrites; the element
// and everything after it are copied unchanged, so the pixel data stays byte for byte
// what was received. Reads only a prefix (the header lives in the first megabytes).
import dicomParser from './dicom-parser';
import { transferSyntaxUids } from './uids';

const pixelDataTag = 'x7fe00010';

/** The offset of the Pixel Data tag, or null when the prefix holds no top-level Pixel Data. */
export function pixelDataElementOffset(prefix: Uint8Array): number | null {
  let element;
  let transferSyntaxUid: string | undefined;
  try {
    transferSyntaxUid = dicomParser.readPart10Header(prefix).string('x00020010')?.trim();
    element = dicomParser.parseDicom(prefix, { untilTag: pixelDataTag }).elements[pixelDataTag];
  } catch {
    return null;
  }
  if (!element || !transferSyntaxUid) return null;
  // Tag (4) + length (4) in Implicit VR; tag (4) + VR (2) + reserved (2) + length (4) for OB/OW otherwise.
  const offset = element.dataOffset - (transferSyntaxUid === transferSyntaxUids.implicitVrLittleEndian ? 8 : 12);
  const bigEndian = transferSyntaxUid === transferSyntaxUids.explicitVrBigEndian;
  const tagBytes = bigEndian ? [0x7f, 0xe0, 0x00, 0x10] : [0xe0, 0x7f, 0x10, 0x00];
  // The arithmetic is checked against the bytes: a wrong split would corrupt the copy.
  if (offset < 132 || tagBytes.some((b, i) => prefix[offset + i] !== b)) return null;
  return offset;
}
