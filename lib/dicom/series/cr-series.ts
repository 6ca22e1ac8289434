// Posterior-anterior chest radiographs: MONOCHROME2 (bright = attenuating),
// unsigned 12 bits in 16, on a 35x43 cm detector by default.
import type { Raster } from '../phantom/ellipse-raster';
import { paintChest } from '../phantom/chest-phantom';
import { noiseTable, renderPixels } from '../phantom/render-pixels';
import { tissueValueTable } from '../phantom/tissues';
import type { ResolvedStudySpec } from '../study-spec';
import { newDicomUid, sopClassUids } from '../uids';
import { dsNumber, type SeriesPlan } from './series-plan';

const exposure = tissueValueTable({
  air: 150,
  fat: 1500,
  softTissue: 1700,
  bone: 3200,
  rib: 2500,
  greyMatter: 1700,
  whiteMatter: 1700,
  csf: 1700,
  lesion: 2600,
  lung: 700,
  blood: 2200,
});

export function planCrSeries(spec: ResolvedStudySpec): SeriesPlan[] {
  return Array.from({ length: spec.series }, (_, s) => planOneCrSeries(spec, s + 1));
}

function planOneCrSeries(spec: ResolvedStudySpec, seriesNumber: number): SeriesPlan {
  // 430 mm along the longer side of the detector.
  const pixelSpacing = dsNumber(430 / Math.max(spec.rows, spec.columns));
  // The chest fills the width; the phantom's x spans [-1, 1].
  const raster: Raster = {
    labels: new Uint8Array(spec.rows * spec.columns),
    rows: spec.rows,
    columns: spec.columns,
    unit: Math.min(spec.rows, spec.columns) / 2,
  };
  const pixels = new Uint16Array(spec.rows * spec.columns);
  const noise = noiseTable(25, 200 + seriesNumber);
  return {
    seriesNumber,
    instanceCount: spec.slices,
    attributes: {
      SOPClassUID: sopClassUids.computedRadiography,
      Modality: 'CR',
      SeriesInstanceUID: newDicomUid(),
      SeriesNumber: seriesNumber,
      SeriesDescription: 'CHEST PA',
      BodyPartExamined: 'CHEST',
      ViewPosition: 'PA',
      // Along a row the image runs to the patient's left; down a column, to the feet.
      PatientOrientation: ['L', 'F'],
      ImageType: ['ORIGINAL', 'PRIMARY'],
      KVP: 125,
      DistanceSourceToDetector: 1800,
      ImagerPixelSpacing: [pixelSpacing, pixelSpacing],
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: spec.rows,
      Columns: spec.columns,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      RescaleIntercept: 0,
      RescaleSlope: 1,
      RescaleType: 'US',
      WindowCenter: 1700,
      WindowWidth: 3400,
    },
    instance(index) {
      paintChest(raster, spec.slices > 1 ? index / (spec.slices - 1) : 0);
      renderPixels({ labels: raster.labels, values: exposure, noise, noiseStart: index * 7919, min: 0, max: 4095 }, pixels);
      return { attributes: { InstanceNumber: index + 1 }, pixels };
    },
  };
}
