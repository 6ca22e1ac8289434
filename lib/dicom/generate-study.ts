// Writes a synthetic study, one Part-10 file at a time: real tags, consistent UIDs
// and geometry, and a phantom image that changes from slice to slice. Instances are
// produced lazily so a 300-slice CT never sits in memory at once.
import { availableParallelism } from 'node:os';
import { compressJpegLossless } from './compress-jpeg-lossless';
import { planCrSeries } from './series/cr-series';
import { planCtSeries } from './series/ct-series';
import { planMrSeries } from './series/mr-series';
import type { SeriesPlan } from './series/series-plan';
import { type ResolvedStudySpec, resolveStudySpec, type StudySpec } from './study-spec';
import { newDicomUid } from './uids';
import { writePart10 } from './write-part10';

export type { StudySpec } from './study-spec';

export interface GeneratedFile {
  /** Flat and unique within the study, e.g. `CT_001_0001.dcm` (series 1, instance 1). */
  fileName: string;
  bytes: Uint8Array;
}

const planners = { CT: planCtSeries, MR: planMrSeries, CR: planCrSeries } as const;

/**
 * Generates every instance of the study described by `spec`, series by series.
 * Throws a ZodError before producing anything if the spec is invalid.
 */
export async function* generateStudy(spec: StudySpec): AsyncGenerator<GeneratedFile> {
  const resolved = resolveStudySpec(spec);
  const study = studyAttributes(resolved);
  const compress = resolved.transferSyntax === 'jpeg-lossless';
  // dcmcjpeg runs as a separate process, so keep one per core busy; results still
  // come out in order. Uncompressed output needs no look-ahead.
  const lookAhead = compress ? availableParallelism() : 1;
  const pending: Array<Promise<GeneratedFile>> = [];
  for (const series of planners[resolved.kind](resolved)) {
    for (let index = 0; index < series.instanceCount; index++) {
      const fileName = `${resolved.kind}_${pad(series.seriesNumber, 3)}_${pad(index + 1, 4)}.dcm`;
      const bytes = writeInstance(study, series, index);
      const file = compress
        ? compressJpegLossless(bytes).then((compressed) => ({ fileName, bytes: compressed }))
        : Promise.resolve({ fileName, bytes });
      // Awaited below in order; this only stops a later failure from counting as
      // unhandled while an earlier file is still being awaited.
      file.catch(() => {});
      pending.push(file);
      if (pending.length >= lookAhead) yield await pending.shift()!;
    }
  }
  while (pending.length > 0) yield await pending.shift()!;
}

function writeInstance(study: Record<string, unknown>, series: SeriesPlan, index: number): Uint8Array {
  const { attributes, pixels } = series.instance(index);
  const sopClassUid = series.attributes.SOPClassUID as string;
  return writePart10({
    ...study,
    ...series.attributes,
    ...attributes,
    SOPClassUID: sopClassUid,
    SOPInstanceUID: newDicomUid(),
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  });
}

/** Patient, study, equipment and frame-of-reference attributes shared by every instance. */
function studyAttributes(spec: ResolvedStudySpec): Record<string, unknown> {
  return {
    // UTF-8, so a patient name outside ASCII is written faithfully.
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: spec.patient.name,
    PatientID: spec.patient.id,
    PatientBirthDate: spec.patient.birthDate,
    PatientSex: spec.patient.sex,
    StudyInstanceUID: spec.studyInstanceUid,
    StudyDate: spec.studyDate,
    StudyTime: spec.studyTime,
    SeriesDate: spec.studyDate,
    SeriesTime: spec.studyTime,
    ContentDate: spec.studyDate,
    ContentTime: spec.studyTime,
    AccessionNumber: spec.accession,
    StudyDescription: spec.studyDescription,
    StudyID: '1',
    ReferringPhysicianName: 'REFERRER^SYNTHETIC',
    Manufacturer: 'ScanShare synthetic',
    ManufacturerModelName: 'Phantom generator',
    // All series of the study share one patient position, hence one frame of reference.
    FrameOfReferenceUID: newDicomUid(),
    PositionReferenceIndicator: '',
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
