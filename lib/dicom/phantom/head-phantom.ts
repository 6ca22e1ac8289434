// A 3D head phantom after the Shepp-Logan geometry (Shepp & Logan 1974; the 3D
// extension in Kak & Slaney), with a scalp layer added, painted as tissue classes
// instead of additive densities. Units: the head spans about [-1, 1] on each axis;
// +x patient left, +y anterior, +z superior.
//
// Every ellipsoid is rotated only about z, so its cross-section at height z is an
// ellipse with the same centre and angle, scaled by sqrt(1 - ((z - z0) / c)^2):
// a slice costs a handful of square roots, not a 3D voxel pass.
import { type Raster, paintEllipse } from './ellipse-raster';
import { type Tissue, tissueLabel } from './tissues';

interface Ellipsoid {
  centre: readonly [number, number, number];
  semiAxes: readonly [number, number, number];
  /** Rotation about z, degrees. */
  degrees: number;
  tissue: Tissue;
}

// Painted in order: later entries overwrite earlier ones.
const ellipsoids: readonly Ellipsoid[] = [
  { centre: [0, 0, 0], semiAxes: [0.72, 0.95, 0.84], degrees: 0, tissue: 'softTissue' },
  { centre: [0, 0, 0], semiAxes: [0.69, 0.92, 0.81], degrees: 0, tissue: 'bone' },
  { centre: [0, -0.0184, 0], semiAxes: [0.6624, 0.874, 0.78], degrees: 0, tissue: 'greyMatter' },
  { centre: [0, 0.35, -0.15], semiAxes: [0.21, 0.25, 0.41], degrees: 0, tissue: 'whiteMatter' },
  { centre: [0.22, 0, 0], semiAxes: [0.11, 0.31, 0.22], degrees: -18, tissue: 'csf' },
  { centre: [-0.22, 0, 0], semiAxes: [0.16, 0.41, 0.28], degrees: 18, tissue: 'csf' },
  { centre: [0, 0.1, 0.25], semiAxes: [0.046, 0.046, 0.05], degrees: 0, tissue: 'lesion' },
  { centre: [0, -0.1, 0.25], semiAxes: [0.046, 0.046, 0.05], degrees: 0, tissue: 'lesion' },
  { centre: [-0.08, -0.605, 0], semiAxes: [0.046, 0.023, 0.05], degrees: 0, tissue: 'lesion' },
  { centre: [0, -0.606, 0], semiAxes: [0.023, 0.023, 0.02], degrees: 0, tissue: 'lesion' },
  { centre: [0.06, -0.605, 0], semiAxes: [0.023, 0.046, 0.02], degrees: 0, tissue: 'lesion' },
];

/** Half the head's extent along z in phantom units: slices inside ±this all cut the head. */
export const headHalfHeight = 0.8;

/** Paints the axial cross-section at height `z` (phantom units) over an all-air label image. */
export function paintHeadSlice(raster: Raster, z: number): void {
  raster.labels.fill(tissueLabel.air);
  for (const { centre, semiAxes, degrees, tissue } of ellipsoids) {
    const t = (z - centre[2]) / semiAxes[2];
    if (t * t >= 1) continue;
    const scale = Math.sqrt(1 - t * t);
    paintEllipse(
      raster,
      {
        x: centre[0],
        y: centre[1],
        a: semiAxes[0] * scale,
        b: semiAxes[1] * scale,
        angle: (degrees * Math.PI) / 180,
      },
      tissueLabel[tissue],
    );
  }
}
