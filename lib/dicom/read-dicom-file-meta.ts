// The start of a DICOM Part-10 file: the 128-byte preamble, "DICM", and the file meta
// group (0002,xxxx) that names the transfer syntax. Both the full header read
// (read-dicom-header.ts) and the upload's early check (lib/ingest/check-upload-start.ts)
// decide from this one function, so a file refused in its first kilobytes is refused
// for the same reason, in the same words, as it would have been after storing it whole.
import dicomParser, { type DataSet } from './dicom-parser';
import type { HeaderRejection } from './dicom-header';
import { describeTransferSyntax, transferSyntaxKind, type TransferSyntaxKind } from './transfer-syntaxes';
import { sopClassUids } from './uids';

export type DicomFileMetaResult =
  | { ok: true; meta: DataSet; transferSyntaxUid: string; kind: Exclude<TransferSyntaxKind, 'unsupported'> }
  | { ok: false; reason: HeaderRejection; message: string }
  /** The bytes held end inside the file meta group: more of the file is needed to decide. */
  | { ok: 'incomplete' };

const reject = (reason: HeaderRejection, message: string) => ({ ok: false as const, reason, message });

export function hasPart10Preamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** `isWholeFile`: `prefix` is the entire file, so running off its end is truncation, not a short read. */
export function readDicomFileMeta(prefix: Uint8Array, isWholeFile: boolean): DicomFileMetaResult {
  if (!hasPart10Preamble(prefix)) {
    if (!isWholeFile && prefix.length < 132) return { ok: 'incomplete' };
    return reject('not_dicom', 'Not a DICOM file: no DICM preamble (a DICOM Part-10 file starts with 128 bytes and "DICM")');
  }
  let meta: DataSet;
  try {
    meta = dicomParser.readPart10Header(prefix);
  } catch (error) {
    const detail = parserErrorDetail(error);
    if (isOverrun(detail)) return isWholeFile ? reject('truncated', 'Truncated: the file ends inside its header') : { ok: 'incomplete' };
    return reject('malformed', `Malformed DICOM: ${detail}`);
  }
  const transferSyntaxUid = meta.string('x00020010')?.trim();
  if (!transferSyntaxUid) return reject('malformed', 'Malformed: the file meta information has no TransferSyntaxUID (0002,0010)');
  if (meta.string('x00020002')?.trim() === sopClassUids.mediaStorageDirectory) {
    return reject('dicomdir', 'DICOMDIR: a CD index, not an image (the images it lists are separate files)');
  }
  const kind = transferSyntaxKind(transferSyntaxUid);
  if (kind === 'unsupported') {
    return reject('unsupported', `Unsupported transfer syntax ${describeTransferSyntax(transferSyntaxUid)}: the viewer cannot display it`);
  }
  return { ok: true, meta, transferSyntaxUid, kind };
}

/** dicom-parser throws strings, Errors, or { exception, dataSet }: the text of whichever it was. */
export function parserErrorDetail(error: unknown): string {
  const cause = typeof error === 'object' && error !== null && 'exception' in error ? error.exception : error;
  return (cause instanceof Error ? cause.message : String(cause)).replace(/^dicomParser[\w.:]*\s*/, '');
}

/** Running off the end of the bytes held (rather than a malformed element). */
export function isOverrun(detail: string): boolean {
  return /past end of buffer|buffer overrun|buffer overread|eof encountered/i.test(detail);
}
