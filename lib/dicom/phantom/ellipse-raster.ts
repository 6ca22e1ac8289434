// Paints filled, rotated ellipses into a label image one row span at a time. Each row
// is solved analytically (a quadratic in x) and filled with TypedArray.fill, so cost
// is proportional to the ellipse's area, not to the image size times ellipse count.

/** A 2D ellipse in phantom units: centre, semi-axes, rotation (radians, counter-clockwise, y up). */
export interface Ellipse {
  x: number;
  y: number;
  a: number;
  b: number;
  angle: number;
}

/** How phantom units map onto the pixel grid: the centre of the image plus `unit` pixels per phantom unit. */
export interface Raster {
  labels: Uint8Array;
  rows: number;
  columns: number;
  /** Pixels per phantom unit; the same along both axes so rotated ellipses stay ellipses. */
  unit: number;
}

export function paintEllipse(raster: Raster, e: Ellipse, label: number): void {
  const { labels, rows, columns, unit } = raster;
  // Pixel coordinates with y pointing down the rows, so the rotation flips sign.
  const cx = columns / 2 + e.x * unit;
  const cy = rows / 2 - e.y * unit;
  const a = e.a * unit;
  const b = e.b * unit;
  if (a <= 0 || b <= 0) return;
  const sin = Math.sin(-e.angle);
  const cos = Math.cos(-e.angle);
  const ia2 = 1 / (a * a);
  const ib2 = 1 / (b * b);
  // (dx, dy) is inside when A*dx^2 + B*dx + C(dy) <= 0.
  const qa = cos * cos * ia2 + sin * sin * ib2;
  const qbPerDy = 2 * sin * cos * (ia2 - ib2);
  const qcPerDy2 = sin * sin * ia2 + cos * cos * ib2;
  const halfHeight = Math.sqrt(a * a * sin * sin + b * b * cos * cos);
  const firstRow = Math.max(0, Math.ceil(cy - halfHeight - 0.5));
  const lastRow = Math.min(rows - 1, Math.floor(cy + halfHeight - 0.5));
  for (let row = firstRow; row <= lastRow; row++) {
    const dy = row + 0.5 - cy;
    const qb = qbPerDy * dy;
    const qc = qcPerDy2 * dy * dy - 1;
    const discriminant = qb * qb - 4 * qa * qc;
    if (discriminant < 0) continue;
    const root = Math.sqrt(discriminant);
    const left = cx + (-qb - root) / (2 * qa);
    const right = cx + (-qb + root) / (2 * qa);
    const start = Math.max(0, Math.ceil(left - 0.5));
    const end = Math.min(columns - 1, Math.floor(right - 0.5));
    if (end >= start) labels.fill(label, row * columns + start, row * columns + end + 1);
  }
}
