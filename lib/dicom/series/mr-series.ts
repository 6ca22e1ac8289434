// Axial head MR series alternating T1- and T2-weighted spin echo, unsigned 12 bits
// in 16. Signal values are made up but keep the textbook contrasts: CSF dark on T1
// and bright on T2, white matter brighter than grey on T1 and darker on T2.
import { noiseTable, renderPixels } from '../phantom/render-pixels';
import { type Tissue, tissueValueTable } from '../phantom/tissues';
import type { ResolvedStudySpec } from '../study-spec';
import { newDicomUid, sopClassUids } from '../uids';
import { axialHeadStack } from './axial-head-stack';
import type { SeriesPlan } from './series-plan';

interface Weighting {
  description: string;
  signal: Record<Tissue, number>;
  repetitionTime: number;
  echoTime: number;
  echoTrainLength: number;
  scanningSequence: string;
  sequenceVariant: string;
  window: [center: number, width: number];
}

const t1: Weighting = {
  description: 'AX T1 SE',
  signal: {
    air: 0, fat: 1800, softTissue: 700, bone: 80, rib: 80, greyMatter: 900,
    whiteMatter: 1200, csf: 250, lesion: 1600, lung: 30, blood: 600,
  },
  repetitionTime: 500,
  echoTime: 12,
  echoTrainLength: 1,
  scanningSequence: 'SE',
  sequenceVariant: 'NONE',
  window: [900, 1800],
};

const t2: Weighting = {
  description: 'AX T2 FSE',
  signal: {
    air: 0, fat: 1300, softTissue: 600, bone: 60, rib: 60, greyMatter: 1100,
    whiteMatter: 800, csf: 2600, lesion: 1900, lung: 30, blood: 300,
  },
  repetitionTime: 4000,
  echoTime: 100,
  echoTrainLength: 16,
  scanningSequence: 'SE',
  sequenceVariant: 'SK',
  window: [1300, 2600],
};

export function planMrSeries(spec: ResolvedStudySpec): SeriesPlan[] {
  return Array.from({ length: spec.series }, (_, s) => planOneMrSeries(spec, s + 1, s % 2 === 0 ? t1 : t2));
}

function planOneMrSeries(spec: ResolvedStudySpec, seriesNumber: number, w: Weighting): SeriesPlan {
  const stack = axialHeadStack(spec.rows, spec.columns, spec.slices, 230);
  const pixels = new Uint16Array(spec.rows * spec.columns);
  const values = tissueValueTable(w.signal);
  const noise = noiseTable(18, 100 + seriesNumber);
  return {
    seriesNumber,
    instanceCount: spec.slices,
    attributes: {
      SOPClassUID: sopClassUids.mrImage,
      Modality: 'MR',
      SeriesInstanceUID: newDicomUid(),
      SeriesNumber: seriesNumber,
      SeriesDescription: w.description,
      BodyPartExamined: 'HEAD',
      PatientPosition: 'HFS',
      ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
      ScanningSequence: w.scanningSequence,
      SequenceVariant: w.sequenceVariant,
      ScanOptions: '',
      MRAcquisitionType: '2D',
      RepetitionTime: w.repetitionTime,
      EchoTime: w.echoTime,
      EchoTrainLength: w.echoTrainLength,
      MagneticFieldStrength: 1.5,
      ImagedNucleus: '1H',
      ImagingFrequency: 63.87,
      AcquisitionNumber: 1,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: spec.rows,
      Columns: spec.columns,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: w.window[0],
      WindowWidth: w.window[1],
    },
    instance(index) {
      stack.paint(index);
      renderPixels({ labels: stack.raster.labels, values, noise, noiseStart: index * 7919, min: 0, max: 4095 }, pixels);
      const geometry = stack.geometry(index);
      return {
        attributes: { InstanceNumber: index + 1, ...geometry, SpacingBetweenSlices: geometry.SliceThickness },
        pixels,
      };
    },
  };
}
