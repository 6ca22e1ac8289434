// The layout of a CD-style export: generated 8-character path components
// (DICOM/ST000001/SE000001/IM000001, as PS3.10 file IDs require), and the
// DICOMDIR that indexes them, built from indexed metadata before any image is
// read, so the ZIP can be streamed in one pass.
import type { Patient, Study } from '@/db/schema';
import { writeDicomdir, type DicomdirSeries } from '@/lib/dicom/dicomdir';

export type CdInstanceRow = {
  objectKey: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
  seriesId: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  modality: string;
};

export type CdLayout = {
  dicomdir: Uint8Array;
  seriesCount: number;
  /** In ZIP order; `path` uses '/' and carries no patient data. */
  files: Array<{ path: string; objectKey: string }>;
};

const component = (prefix: string, n: number) => `${prefix}${String(n).padStart(8 - prefix.length, '0')}`;

/** `rows` must be ordered by series, then instance. */
export function buildCdLayout(patient: Patient, study: Study, rows: readonly CdInstanceRow[]): CdLayout {
  const files: CdLayout['files'] = [];
  const seriesList: Array<DicomdirSeries & { instances: DicomdirSeries['instances'][number][] }> = [];
  const seriesIndex = new Map<string, number>();
  for (const row of rows) {
    let index = seriesIndex.get(row.seriesId);
    if (index === undefined) {
      index = seriesList.length;
      seriesIndex.set(row.seriesId, index);
      seriesList.push({ seriesInstanceUid: row.seriesInstanceUid, modality: row.modality, seriesNumber: row.seriesNumber, instances: [] });
    }
    const series = seriesList[index]!;
    const fileId = ['DICOM', 'ST000001', component('SE', index + 1), component('IM', series.instances.length + 1)];
    series.instances.push({
      fileId,
      sopClassUid: row.sopClassUid,
      sopInstanceUid: row.sopInstanceUid,
      transferSyntaxUid: row.transferSyntaxUid,
      instanceNumber: row.instanceNumber,
    });
    files.push({ path: fileId.join('/'), objectKey: row.objectKey });
  }
  const dicomdir = writeDicomdir({
    fileSetId: 'SCANSHARE',
    patients: [
      {
        id: patient.patientId,
        name: patient.name,
        studies: [
          {
            studyInstanceUid: study.studyInstanceUid,
            date: study.studyDate,
            time: study.studyTime,
            description: study.description,
            accessionNumber: study.accessionNumber,
            series: seriesList,
          },
        ],
      },
    ],
  });
  return { dicomdir, seriesCount: seriesList.length, files };
}
