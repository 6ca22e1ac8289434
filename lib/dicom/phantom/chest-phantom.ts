// A posterior-anterior chest radiograph as painted ellipses: body, lungs, diaphragm
// domes, mediastinum, heart, ribs, clavicles and spine. Units: x in [-1, 1] across
// the image width, y up; the patient's right is on the image left, as a PA film is read.
import { type Ellipse, type Raster, paintEllipse } from './ellipse-raster';
import { type Tissue, tissueLabel } from './tissues';

const deg = Math.PI / 180;

function shapes(inspiration: number): Array<[Ellipse, Tissue]> {
  // Deeper inspiration: taller lungs, lower diaphragm.
  const lungStretch = 1 + 0.04 * inspiration;
  const domeDrop = 0.05 * inspiration;
  const list: Array<[Ellipse, Tissue]> = [
    [{ x: 0, y: -0.15, a: 0.92, b: 1.3, angle: 0 }, 'softTissue'],
    [{ x: 0, y: 1.05, a: 0.24, b: 0.35, angle: 0 }, 'softTissue'],
    [{ x: -0.42, y: 0.12, a: 0.32, b: 0.72 * lungStretch, angle: 5 * deg }, 'lung'],
    [{ x: 0.4, y: 0.1, a: 0.3, b: 0.7 * lungStretch, angle: -5 * deg }, 'lung'],
    [{ x: -0.34, y: -0.78 - domeDrop, a: 0.46, b: 0.26, angle: 0 }, 'softTissue'],
    [{ x: 0.36, y: -0.82 - domeDrop, a: 0.42, b: 0.24, angle: 0 }, 'softTissue'],
    [{ x: 0, y: 0.3, a: 0.11, b: 0.5, angle: 0 }, 'blood'],
    [{ x: 0.1, y: -0.28, a: 0.32, b: 0.27, angle: -25 * deg }, 'blood'],
  ];
  for (let k = 0; k < 9; k++) {
    const y = 0.72 - k * 0.16;
    // Ribs slope down laterally on both sides.
    list.push([{ x: -0.43, y, a: 0.37, b: 0.022, angle: 16 * deg }, 'rib']);
    list.push([{ x: 0.41, y, a: 0.35, b: 0.022, angle: -16 * deg }, 'rib']);
  }
  list.push([{ x: -0.34, y: 0.86, a: 0.33, b: 0.03, angle: -10 * deg }, 'bone']);
  list.push([{ x: 0.34, y: 0.86, a: 0.33, b: 0.03, angle: 10 * deg }, 'bone']);
  list.push([{ x: 0, y: 0, a: 0.07, b: 1.4, angle: 0 }, 'bone']);
  return list;
}

/** Paints the radiograph; `inspiration` in [0, 1] varies it between exposures. */
export function paintChest(raster: Raster, inspiration: number): void {
  raster.labels.fill(tissueLabel.air);
  for (const [ellipse, tissue] of shapes(inspiration)) paintEllipse(raster, ellipse, tissueLabel[tissue]);
}
