// Turns a tissue label image into stored pixel values: table lookup plus noise,
// clamped to the stored range. The noise is a fixed table built once per series and
// walked from a different start for every slice, so slices differ without a random
// draw per pixel.

/** A prime length, so the repeat never lines up with a row and shows as a pattern. */
const noiseLength = 65_521;

/** Deterministic (seeded) Gaussian noise with the given standard deviation, rounded to integers. */
export function noiseTable(sigma: number, seed: number): Int16Array {
  // mulberry32: tiny, fast, and good enough for image noise.
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const table = new Int16Array(noiseLength);
  for (let i = 0; i < noiseLength; i++) {
    // Box-Muller; 1 - u keeps the logarithm finite.
    const gaussian = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    table[i] = Math.round(gaussian * sigma);
  }
  return table;
}

export interface RenderInput {
  labels: Uint8Array;
  /** Stored value per label (see tissueValueTable). */
  values: Int32Array;
  noise: Int16Array;
  /** Where in the noise table this slice starts. */
  noiseStart: number;
  min: number;
  max: number;
}

export function renderPixels(input: RenderInput, out: Int16Array | Uint16Array): void {
  const { labels, values, noise, min, max } = input;
  let k = input.noiseStart % noise.length;
  for (let i = 0; i < labels.length; i++) {
    const v = (values[labels[i]!] ?? 0) + noise[k]!;
    out[i] = v < min ? min : v > max ? max : v;
    if (++k === noise.length) k = 0;
  }
}
