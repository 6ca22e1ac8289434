// What ingest learns from one DICOM file's header, and the per-instance metadata
// the viewer needs. Every value here came from an uploaded file: strings are
// decoded and trimmed, UIDs checked, dates normalised, numbers parsed.

export type HeaderRejection = 'not_dicom' | 'malformed' | 'truncated' | 'unsupported' | 'header_too_large' | 'dicomdir';

export type ReadDicomHeaderResult =
  | { ok: true; header: DicomHeader }
  | { ok: false; reason: HeaderRejection; message: string };

export interface DicomHeader {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  transferSyntaxUid: string;
  patient: {
    id: string;
    /** DICOM PN as written (`FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX`), decoded per SpecificCharacterSet; '' if absent. */
    name: string;
    /** YYYY-MM-DD, or null when absent or not a real date. */
    birthDate: string | null;
    sex: 'M' | 'F' | 'O' | null;
  };
  study: {
    /** YYYY-MM-DD, or null when absent or not a real date. */
    date: string | null;
    /** DICOM TM as written (HHMMSS with optional fraction, or a shorter prefix), or null. */
    time: string | null;
    description: string;
    accessionNumber: string;
    referringPhysician: string;
    /** StudyID (0020,0010), '' if absent. A DICOMDIR needs it. */
    studyId: string;
  };
  series: {
    number: number | null;
    /** 'OT' (other) when the file has no Modality. */
    modality: string;
    description: string;
    bodyPart: string;
  };
  instance: {
    number: number | null;
    numberOfFrames: number;
    rows: number;
    columns: number;
  };
  viewerMetadata: ViewerInstanceMetadata;
}

/**
 * One instance's `metadata` object in OHIF v3's `dicomjson` data source: DICOM
 * keywords as names, numbers as numbers, multi-valued DS/IS as number arrays
 * (the shape of OHIF's docs sample and its `.scripts/dicom-json-generator.js`).
 * Patient attributes are left out: OHIF reads PatientName/PatientID from the study
 * level of the same JSON (it spreads the study object over every instance), so the
 * manifest supplies them once per study. A type alias, not an interface, so it is
 * assignable to the `Record<string, unknown>` jsonb column.
 */
export type ViewerInstanceMetadata = {
  SOPClassUID: string;
  SOPInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  Modality: string;
  TransferSyntaxUID: string;
  InstanceNumber?: number;
  ImageType?: string[];
  AcquisitionNumber?: number;
  SeriesDate?: string;
  Rows: number;
  Columns: number;
  BitsAllocated: number;
  BitsStored: number;
  HighBit: number;
  PixelRepresentation: number;
  SamplesPerPixel: number;
  PhotometricInterpretation: string;
  PlanarConfiguration?: number;
  NumberOfFrames: number;
  FrameOfReferenceUID?: string;
  ImagePositionPatient?: number[];
  ImageOrientationPatient?: number[];
  PixelSpacing?: number[];
  ImagerPixelSpacing?: number[];
  PatientOrientation?: string[];
  SliceThickness?: number;
  SpacingBetweenSlices?: number;
  SliceLocation?: number;
  RescaleIntercept?: number;
  RescaleSlope?: number;
  RescaleType?: string;
  WindowCenter?: number | number[];
  WindowWidth?: number | number[];
  VOILUTFunction?: string;
  FrameTime?: number;
  ViewPosition?: string;
  Laterality?: string;
};
