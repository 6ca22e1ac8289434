// One axial head CT series: signed 16-bit stored values with the usual
// RescaleIntercept -1024, so stored = HU + 1024, with brain and bone windows.
import { noiseTable, renderPixels } from '../phantom/render-pixels';
import { tissueValueTable } from '../phantom/tissues';
import type { ResolvedStudySpec } from '../study-spec';
import { newDicomUid, sopClassUids } from '../uids';
import { axialHeadStack } from './axial-head-stack';
import type { SeriesPlan } from './series-plan';

const rescaleIntercept = -1024;

// Typical attenuation in Hounsfield units.
const hounsfield = tissueValueTable({
  air: -1000,
  fat: -100,
  softTissue: 40,
  bone: 1200,
  rib: 700,
  greyMatter: 40,
  whiteMatter: 25,
  csf: 5,
  lesion: 75,
  lung: -850,
  blood: 45,
});

export function planCtSeries(spec: ResolvedStudySpec): SeriesPlan[] {
  return Array.from({ length: spec.series }, (_, s) => planOneCtSeries(spec, s + 1));
}

function planOneCtSeries(spec: ResolvedStudySpec, seriesNumber: number): SeriesPlan {
  const stack = axialHeadStack(spec.rows, spec.columns, spec.slices, 250);
  const pixels = new Int16Array(spec.rows * spec.columns);
  const values = hounsfield.map((hu) => hu - rescaleIntercept);
  const noise = noiseTable(6, seriesNumber);
  return {
    seriesNumber,
    instanceCount: spec.slices,
    attributes: {
      SOPClassUID: sopClassUids.ctImage,
      Modality: 'CT',
      SeriesInstanceUID: newDicomUid(),
      SeriesNumber: seriesNumber,
      SeriesDescription: seriesNumber === 1 ? 'HEAD AXIAL STANDARD' : `HEAD AXIAL RECON ${seriesNumber}`,
      BodyPartExamined: 'HEAD',
      PatientPosition: 'HFS',
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      KVP: 120,
      XRayTubeCurrent: 250,
      ConvolutionKernel: 'STANDARD',
      AcquisitionNumber: 1,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: spec.rows,
      Columns: spec.columns,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      RescaleIntercept: rescaleIntercept,
      RescaleSlope: 1,
      RescaleType: 'HU',
      WindowCenter: [40, 500],
      WindowWidth: [80, 2500],
      WindowCenterWidthExplanation: ['BRAIN', 'BONE'],
    },
    instance(index) {
      stack.paint(index);
      renderPixels({ labels: stack.raster.labels, values, noise, noiseStart: index * 7919, min: 0, max: 4095 }, pixels);
      return { attributes: { InstanceNumber: index + 1, ...stack.geometry(index) }, pixels };
    },
  };
}
