// What a quarantined file's DICOM header says about whose images these are, kept
// on its row so staff can compare it with the patient the upload link names, and
// which fields disagree. Pure functions. Every value came through readDicomHeader
// (decoded, trimmed, dates normalised to YYYY-MM-DD).
import type { DicomHeader } from '@/lib/dicom/read-dicom-header';

/** The quarantine_files.header column. The inbox reads it with jsonb operators by these names. */
export type HeaderSummary = {
  patientId: string;
  patientName: string;
  birthDate: string | null;
  sex: 'M' | 'F' | 'O' | null;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  modality: string;
  studyDate: string | null;
  studyDescription: string;
};

/** Which of the header's identifiers disagree with the named patient's record. */
export type HeaderMismatch = 'patient_id' | 'birth_date';

export const mismatchLabels: Record<HeaderMismatch, string> = {
  patient_id: 'PatientID differs',
  birth_date: 'birth date differs',
};

export function summarizeHeader(header: DicomHeader): HeaderSummary {
  return {
    patientId: header.patient.id,
    patientName: header.patient.name,
    birthDate: header.patient.birthDate,
    sex: header.patient.sex,
    studyInstanceUid: header.studyInstanceUid,
    seriesInstanceUid: header.seriesInstanceUid,
    sopInstanceUid: header.sopInstanceUid,
    modality: header.series.modality,
    studyDate: header.study.date,
    studyDescription: header.study.description,
  };
}

/**
 * PatientIDs are compared exactly (another facility's MRN is a mismatch to look at,
 * not an error); birth dates when both are known (a header without one says nothing).
 */
export function headerMismatches(summary: Pick<HeaderSummary, 'patientId' | 'birthDate'>, patient: { patientId: string; birthDate: string | null }): HeaderMismatch[] {
  const mismatches: HeaderMismatch[] = [];
  if (summary.patientId.trim() !== patient.patientId.trim()) mismatches.push('patient_id');
  if (summary.birthDate && patient.birthDate && summary.birthDate !== patient.birthDate) mismatches.push('birth_date');
  return mismatches;
}

