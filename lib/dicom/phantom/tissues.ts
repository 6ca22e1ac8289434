// The tissue classes a phantom is painted with. A phantom is a label image; each
// modality turns labels into pixel values with its own table (HU for CT, signal for
// MR, exposure for CR), so one geometry yields plausible contrast everywhere.

export const tissues = [
  'air',
  'fat',
  'softTissue',
  'bone',
  'rib',
  'greyMatter',
  'whiteMatter',
  'csf',
  'lesion',
  'lung',
  'blood',
] as const;

export type Tissue = (typeof tissues)[number];

export const tissueLabel = Object.fromEntries(tissues.map((t, i) => [t, i])) as Record<Tissue, number>;

/** Stored pixel value per tissue label, in label order, ready for the renderer. */
export function tissueValueTable(values: Record<Tissue, number>): Int32Array {
  return Int32Array.from(tissues, (t) => values[t]);
}
