// Reads what ingest needs from an uploaded file's header with dicom-parser. The
// upload is streamed to storage; only a bounded prefix is in memory, so this sees
// `prefix` (the file's first bytes, the whole file if it is small) and the file's
// total size, and decides: a usable image header, or a rejection a person can act on.
import dicomParser, { type DataSet } from './dicom-parser';
import { checkPixelData } from './check-pixel-data';
import { DatasetValues, dicomTime, isoDate } from './dataset-values';
import type { DicomHeader, HeaderRejection, ReadDicomHeaderResult } from './dicom-header';
import { isOverrun, parserErrorDetail, readDicomFileMeta } from './read-dicom-file-meta';
import { isDicomUid, isNonImageSopClass } from './uids';
import { buildViewerMetadata, type ViewerPixelModule } from './viewer-metadata';

export type { DicomHeader, HeaderRejection, ReadDicomHeaderResult, ViewerInstanceMetadata } from './dicom-header';

const pixelDataTag = 'x7fe00010';

const reject = (reason: HeaderRejection, message: string): ReadDicomHeaderResult => ({ ok: false, reason, message });

export function readDicomHeader(prefix: Uint8Array, totalBytes: number): ReadDicomHeaderResult {
  // A prefix longer than the claimed total would be a caller bug; trust the bytes we hold.
  const fileBytes = Math.max(totalBytes, prefix.length);
  const isWholeFile = prefix.length >= fileBytes;

  const fileMeta = readDicomFileMeta(prefix, isWholeFile);
  if (fileMeta.ok === 'incomplete') return headerTooLarge(prefix.length);
  if (!fileMeta.ok) return reject(fileMeta.reason, fileMeta.message);
  const { transferSyntaxUid, kind } = fileMeta;

  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(prefix, { untilTag: pixelDataTag });
  } catch (error) {
    return parseFailure(error, isWholeFile, prefix.length);
  }
  const pixelData = dataSet.elements[pixelDataTag];
  if (!pixelData) {
    if (!isWholeFile) return headerTooLarge(prefix.length);
    // Otherwise an image that ends between two elements before its pixel data.
    return isNonImageSopClass(dataSet.string('x00080016')?.trim() ?? '')
      ? reject('unsupported', 'Not an image: reports, presentation states and other non-image objects are not supported yet')
      : reject('truncated', 'Truncated: the file ends before its pixel data');
  }
  return readImageHeader(new DatasetValues(dataSet), transferSyntaxUid, (image) =>
    checkPixelData(pixelData, fileBytes, kind === 'encapsulated', image),
  );
}

/**
 * Running off the end of the bytes means truncation when we hold the whole file, and a
 * header bigger than our prefix when we do not; anything else is a malformed file.
 */
function parseFailure(error: unknown, isWholeFile: boolean, prefixBytes: number): ReadDicomHeaderResult {
  const detail = parserErrorDetail(error);
  if (isOverrun(detail)) {
    return isWholeFile ? reject('truncated', 'Truncated: the file ends inside its header') : headerTooLarge(prefixBytes);
  }
  return reject('malformed', `Malformed DICOM: ${detail}`);
}

function headerTooLarge(prefixBytes: number): ReadDicomHeaderResult {
  const size = prefixBytes >= 1024 * 1024 ? `${(prefixBytes / (1024 * 1024)).toFixed(1)} MB` : `${prefixBytes} bytes`;
  return reject('header_too_large', `Header too large: no pixel data within the first ${size} of the file`);
}

const requiredUids = [
  ['sopInstanceUid', 'x00080018', 'SOPInstanceUID (0008,0018)'],
  ['sopClassUid', 'x00080016', 'SOPClassUID (0008,0016)'],
  ['studyInstanceUid', 'x0020000d', 'StudyInstanceUID (0020,000D)'],
  ['seriesInstanceUid', 'x0020000e', 'SeriesInstanceUID (0020,000E)'],
] as const;

type Uids = Record<(typeof requiredUids)[number][0], string>;

function readImageHeader(
  values: DatasetValues,
  transferSyntaxUid: string,
  checkPixels: (image: ViewerPixelModule) => { reason: HeaderRejection; message: string } | null,
): ReadDicomHeaderResult {
  const uids: Partial<Uids> = {};
  for (const [key, tag, name] of requiredUids) {
    const uid = values.ascii(tag);
    if (!uid) return reject('malformed', `Malformed: missing ${name}`);
    if (!isDicomUid(uid)) return reject('malformed', `Malformed: ${name} is not a valid UID: "${uid.slice(0, 64)}"`);
    uids[key] = uid;
  }
  const patientId = values.text('x00100020');
  if (!patientId) return reject('malformed', 'Malformed: missing PatientID (0010,0020); every image must name its patient');
  if (patientId.length > 64) return reject('malformed', 'Malformed: PatientID (0010,0020) is longer than 64 characters');

  const image = readPixelModule(values);
  if (typeof image === 'string') return reject('malformed', `Malformed: ${image}`);
  const problem = checkPixels(image);
  if (problem) return reject(problem.reason, problem.message);

  return { ok: true, header: assembleHeader(values, uids as Uids, transferSyntaxUid, patientId, image) };
}

/** The image pixel module, with defaults for the attributes old files omit; an error text if unusable. */
function readPixelModule(values: DatasetValues): ViewerPixelModule | string {
  const rows = values.uint16('x00280010');
  const columns = values.uint16('x00280011');
  const bitsAllocated = values.uint16('x00280100');
  if (!rows || !columns) return 'missing or zero Rows (0028,0010) / Columns (0028,0011)';
  if (!bitsAllocated || ![1, 8, 16, 32, 64].includes(bitsAllocated)) return 'missing or invalid BitsAllocated (0028,0100)';
  const samplesPerPixel = values.uint16('x00280002') ?? 1;
  const bitsStored = values.uint16('x00280101') ?? bitsAllocated;
  const numberOfFrames = values.ascii('x00280008') === undefined ? 1 : values.integer('x00280008');
  if (numberOfFrames === undefined || numberOfFrames < 1) return 'invalid NumberOfFrames (0028,0008)';
  return {
    rows,
    columns,
    bitsAllocated,
    bitsStored,
    highBit: values.uint16('x00280102') ?? bitsStored - 1,
    pixelRepresentation: values.uint16('x00280103') ?? 0,
    samplesPerPixel,
    photometricInterpretation: values.ascii('x00280004') ?? (samplesPerPixel === 1 ? 'MONOCHROME2' : 'RGB'),
    numberOfFrames,
  };
}

function assembleHeader(values: DatasetValues, uids: Uids, transferSyntaxUid: string, patientId: string, image: ViewerPixelModule): DicomHeader {
  const modality = values.ascii('x00080060') ?? 'OT';
  const instanceNumber = values.integer('x00200013') ?? null;
  const sex = values.ascii('x00100040')?.toUpperCase();
  return {
    ...uids,
    transferSyntaxUid,
    patient: {
      id: patientId,
      name: values.text('x00100010'),
      birthDate: isoDate(values.ascii('x00100030')),
      sex: sex === 'M' || sex === 'F' || sex === 'O' ? sex : null,
    },
    study: {
      date: isoDate(values.ascii('x00080020')),
      time: dicomTime(values.ascii('x00080030')),
      description: values.text('x00081030'),
      accessionNumber: values.text('x00080050'),
      referringPhysician: values.text('x00080090'),
      studyId: values.text('x00200010'),
    },
    series: {
      number: values.integer('x00200011') ?? null,
      modality,
      description: values.text('x0008103e'),
      bodyPart: values.text('x00180015'),
    },
    instance: { number: instanceNumber, numberOfFrames: image.numberOfFrames, rows: image.rows, columns: image.columns },
    viewerMetadata: buildViewerMetadata(values, { ...uids, transferSyntaxUid, modality, instanceNumber }, image),
  };
}
