// From the viewer manifest (lib/studies/study-manifest.ts, OHIF's dicomjson shape)
// to what the small-screen viewer shows: its series, each an ordered list of
// Cornerstone image ids. Pure and browser-safe; validated, because the manifest
// arrives over the network like any other input.
import { z } from 'zod';

const instance = z.object({
  url: z.string().min(1),
  metadata: z.object({ InstanceNumber: z.coerce.number().optional(), Rows: z.coerce.number().optional() }).passthrough(),
});
const series = z.object({
  SeriesInstanceUID: z.string(),
  SeriesNumber: z.number().nullable().optional(),
  SeriesDescription: z.string().optional().default(''),
  Modality: z.string().optional().default(''),
  instances: z.array(instance),
});
const manifest = z.object({ studies: z.array(z.object({ series: z.array(series) })).min(1) });

export interface PhoneSeries {
  uid: string;
  number: number | null;
  description: string;
  modality: string;
  /** Cornerstone image ids (`dicomweb:<presigned URL>`, the wadouri loader), in slice order. */
  imageIds: string[];
}

/** The image series of the manifest's study, in series-number order; objects without pixels are left out. */
export function phoneSeriesFrom(json: unknown): PhoneSeries[] {
  const parsed = manifest.parse(json);
  return parsed.studies[0]!.series
    .map((s) => ({
      uid: s.SeriesInstanceUID,
      number: s.SeriesNumber ?? null,
      description: s.SeriesDescription,
      modality: s.Modality,
      imageIds: s.instances
        .filter((i) => (i.metadata.Rows ?? 0) > 0 && /^(dicomweb|wadouri):https?:/.test(i.url))
        .map((i, at) => ({ id: i.url, order: i.metadata.InstanceNumber ?? at }))
        .sort((a, b) => a.order - b.order)
        .map((i) => i.id),
    }))
    .filter((s) => s.imageIds.length > 0)
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
}

/** The slice a series opens on: the middle one (a head CT's first slice is the top of the skull). */
export function middleSliceIndex(count: number): number {
  return count > 0 ? Math.floor(count / 2) : 0;
}

/**
 * The page URL the shared refresh rule (lib/viewer/refresh-url.ts) expects: like
 * OHIF's, it names the manifest in `?url=`, from which the rule derives the
 * link's same-origin refresh route.
 */
export function refreshPageUrl(origin: string, manifestPath: string): string {
  return `${origin}/phone-viewer/?url=${encodeURIComponent(manifestPath)}`;
}
