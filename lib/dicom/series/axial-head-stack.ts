// Geometry and labels for a stack of contiguous axial slices through the head
// phantom, shared by CT and MR. Positions follow DICOM patient coordinates (LPS):
// rows run to patient left (+x), columns to posterior (+y), instances go from
// inferior to superior (+z), and ImagePositionPatient is the centre of the first pixel.
import type { Raster } from '../phantom/ellipse-raster';
import { headHalfHeight, paintHeadSlice } from '../phantom/head-phantom';
import { dsNumber } from './series-plan';

export interface AxialHeadStack {
  raster: Raster;
  /** Image Plane module values for slice `index` (0-based). */
  geometry(index: number): Record<string, unknown>;
  /** Paints slice `index` into `raster.labels`. */
  paint(index: number): void;
}

/**
 * @param fieldOfViewMm across the larger of rows and columns
 */
export function axialHeadStack(rows: number, columns: number, slices: number, fieldOfViewMm: number): AxialHeadStack {
  const pixelSpacing = dsNumber(fieldOfViewMm / Math.max(rows, columns));
  // One phantom unit in mm: makes the head about 150 mm wide and 200 mm front to back at a 250 mm field.
  const unitMm = 0.42 * fieldOfViewMm;
  // Spread the slices over the head's height so every slice cuts through it.
  const sliceSpacing = dsNumber((2 * headHalfHeight * unitMm) / slices);
  const raster: Raster = { labels: new Uint8Array(rows * columns), rows, columns, unit: unitMm / pixelSpacing };
  const sliceZ = (index: number) => dsNumber((index - (slices - 1) / 2) * sliceSpacing);
  const firstPixelX = dsNumber(-((columns - 1) / 2) * pixelSpacing);
  const firstPixelY = dsNumber(-((rows - 1) / 2) * pixelSpacing);

  return {
    raster,
    geometry: (index) => ({
      ImagePositionPatient: [firstPixelX, firstPixelY, sliceZ(index)],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [pixelSpacing, pixelSpacing],
      SliceThickness: sliceSpacing,
      SliceLocation: sliceZ(index),
    }),
    paint: (index) => paintHeadSlice(raster, sliceZ(index) / unitMm),
  };
}
