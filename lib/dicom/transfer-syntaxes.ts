// Which transfer syntaxes ingest accepts: the native ones, and the compressed ones
// the viewer (OHIF / cornerstone) can decode. Anything else is turned away at
// upload, with its name, rather than stored and shown as a blank viewport.
import { transferSyntaxUids } from './uids';

export type TransferSyntaxKind = 'native' | 'encapsulated' | 'unsupported';

const native: Record<string, string> = {
  [transferSyntaxUids.implicitVrLittleEndian]: 'Implicit VR Little Endian',
  [transferSyntaxUids.explicitVrLittleEndian]: 'Explicit VR Little Endian',
  [transferSyntaxUids.explicitVrBigEndian]: 'Explicit VR Big Endian',
};

const encapsulated: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  [transferSyntaxUids.jpegLosslessSv1]: 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

const knownUnsupported: Record<string, string> = {
  [transferSyntaxUids.deflatedExplicitVrLittleEndian]: 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.100': 'MPEG2 video',
  '1.2.840.10008.1.2.4.101': 'MPEG2 video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.107': 'HEVC video',
  '1.2.840.10008.1.2.4.108': 'HEVC video',
};

export function transferSyntaxKind(uid: string): TransferSyntaxKind {
  if (Object.hasOwn(native, uid)) return 'native';
  if (Object.hasOwn(encapsulated, uid)) return 'encapsulated';
  return 'unsupported';
}

/** A readable name for messages, e.g. "JPEG Lossless SV1 (1.2.840.10008.1.2.4.70)". */
export function describeTransferSyntax(uid: string): string {
  const name = [native, encapsulated, knownUnsupported].find((table) => Object.hasOwn(table, uid))?.[uid];
  return name ? `${name} (${uid})` : uid;
}
