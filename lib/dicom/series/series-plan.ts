// The contract between the study generator and the per-modality series builders.

export type StoredPixels = Int16Array | Uint16Array;

export interface SeriesPlan {
  seriesNumber: number;
  instanceCount: number;
  /** Attributes every instance of the series carries, SeriesInstanceUID included. */
  attributes: Record<string, unknown>;
  /**
   * Attributes and pixels of one instance (0-based). The pixel buffer is reused
   * between calls to keep memory flat, so it must be serialised before the next call.
   */
  instance(index: number): { attributes: Record<string, unknown>; pixels: StoredPixels };
}

/** Numbers as DS/IS values: ten significant digits always fit the 16-byte DS limit. */
export function dsNumber(value: number): number {
  return Number(value.toPrecision(10));
}
