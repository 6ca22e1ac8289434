// Test helpers: small generated studies held in memory, and the DICOMDIR input a
// CD layout of them would produce (DICOM/STnnnnnn/SEnnnnnn/IMnnnnnn).
import { type GeneratedFile, generateStudy, type StudySpec } from '@/lib/dicom/generate-study';
import type { DicomdirPatient, DicomdirSeries, DicomdirStudy } from '@/lib/dicom/dicomdir';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';

export const testPatient = { id: 'PAT-0001', name: 'DOE^JANE', birthDate: '19700102', sex: 'F' } as const;

export async function smallStudy(overrides: Partial<StudySpec> & Pick<StudySpec, 'kind'>): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for await (const file of generateStudy({
    patient: testPatient,
    accession: 'ACC0001',
    studyDescription: 'UNIT TEST STUDY',
    slices: 3,
    rows: 64,
    columns: 64,
    ...overrides,
  })) {
    files.push(file);
  }
  return files;
}

export interface CdEntry {
  path: string[];
  bytes: Uint8Array;
}

/** Lays out studies of one patient like a CD and describes them for writeDicomdir. */
export function cdLayout(studies: GeneratedFile[][]): { patient: DicomdirPatient; entries: CdEntry[] } {
  const entries: CdEntry[] = [];
  let patient: DicomdirPatient | undefined;
  const dicomdirStudies: DicomdirStudy[] = studies.map((files, studyIndex) => {
    const series = new Map<string, DicomdirSeries & { instances: DicomdirSeries['instances'][number][] }>();
    let study: DicomdirStudy | undefined;
    for (const file of files) {
      const parsed = readDicomHeader(file.bytes, file.bytes.length);
      if (!parsed.ok) throw new Error(parsed.message);
      const h = parsed.header;
      patient ??= { id: h.patient.id, name: h.patient.name, studies: [] };
      study ??= {
        studyInstanceUid: h.studyInstanceUid,
        date: h.study.date,
        time: h.study.time,
        description: h.study.description,
        accessionNumber: h.study.accessionNumber,
        studyId: h.study.studyId,
        series: [],
      };
      let s = series.get(h.seriesInstanceUid);
      if (!s) {
        s = { seriesInstanceUid: h.seriesInstanceUid, modality: h.series.modality, seriesNumber: h.series.number, instances: [] };
        series.set(h.seriesInstanceUid, s);
      }
      const fileId = ['DICOM', `ST${pad(studyIndex + 1)}`, `SE${pad(series.size)}`, `IM${pad(s.instances.length + 1)}`];
      s.instances.push({
        fileId,
        sopClassUid: h.sopClassUid,
        sopInstanceUid: h.sopInstanceUid,
        transferSyntaxUid: h.transferSyntaxUid,
        instanceNumber: h.instance.number,
      });
      entries.push({ path: fileId, bytes: file.bytes });
    }
    if (!study) throw new Error('empty study');
    return { ...study, series: [...series.values()] };
  });
  if (!patient) throw new Error('no studies');
  return { patient: { ...patient, studies: dicomdirStudies }, entries };
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}
