// Builds the per-instance `metadata` object for OHIF's dicomjson data source from
// an already validated header. Optional attributes are left out when the file
// lacks them (never written as null or NaN), so the JSON stays what OHIF expects.
import type { DatasetValues } from './dataset-values';
import type { ViewerInstanceMetadata } from './dicom-header';
import { isDicomUid } from './uids';

export interface ViewerIdentity {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  modality: string;
  instanceNumber: number | null;
}

export interface ViewerPixelModule {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  numberOfFrames: number;
}

export function buildViewerMetadata(values: DatasetValues, id: ViewerIdentity, pixels: ViewerPixelModule): ViewerInstanceMetadata {
  const optional: Partial<ViewerInstanceMetadata> = {
    InstanceNumber: id.instanceNumber ?? undefined,
    ImageType: values.asciiList('x00080008'),
    AcquisitionNumber: values.integer('x00200012'),
    SeriesDate: values.ascii('x00080021'),
    PlanarConfiguration: pixels.samplesPerPixel > 1 ? values.uint16('x00280006') : undefined,
    FrameOfReferenceUID: validUid(values.ascii('x00200052')),
    ImagePositionPatient: values.numbers('x00200032'),
    ImageOrientationPatient: values.numbers('x00200037'),
    PixelSpacing: values.numbers('x00280030'),
    ImagerPixelSpacing: values.numbers('x00181164'),
    PatientOrientation: values.asciiList('x00200020'),
    SliceThickness: values.number('x00180050'),
    SpacingBetweenSlices: values.number('x00180088'),
    SliceLocation: values.number('x00201041'),
    RescaleIntercept: values.number('x00281052'),
    RescaleSlope: values.number('x00281053'),
    RescaleType: values.text('x00281054') || undefined,
    WindowCenter: values.numberOrNumbers('x00281050'),
    WindowWidth: values.numberOrNumbers('x00281051'),
    VOILUTFunction: values.ascii('x00281056'),
    FrameTime: values.number('x00181063'),
    ViewPosition: values.ascii('x00185101'),
    Laterality: values.ascii('x00200060'),
  };
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return {
    SOPClassUID: id.sopClassUid,
    SOPInstanceUID: id.sopInstanceUid,
    StudyInstanceUID: id.studyInstanceUid,
    SeriesInstanceUID: id.seriesInstanceUid,
    Modality: id.modality,
    TransferSyntaxUID: id.transferSyntaxUid,
    Rows: pixels.rows,
    Columns: pixels.columns,
    BitsAllocated: pixels.bitsAllocated,
    BitsStored: pixels.bitsStored,
    HighBit: pixels.highBit,
    PixelRepresentation: pixels.pixelRepresentation,
    SamplesPerPixel: pixels.samplesPerPixel,
    PhotometricInterpretation: pixels.photometricInterpretation,
    NumberOfFrames: pixels.numberOfFrames,
    ...present,
  };
}

function validUid(value: string | undefined): string | undefined {
  return value !== undefined && isDicomUid(value) ? value : undefined;
}
