// What a synthetic study should look like. Validated with zod because it arrives from
// the command line and from benchmark configs; defaults depend on the modality.
import { z } from 'zod';
import { isDicomUid, newDicomUid } from './uids';

const noBackslashOrControl = /^[^\\\x00-\x1f]*$/;
const dicomDate = z.string().regex(/^\d{8}$/, 'expected YYYYMMDD');

export const studySpecSchema = z.object({
  kind: z.enum(['CT', 'MR', 'CR']),
  patient: z.object({
    id: z.string().min(1).max(64).regex(noBackslashOrControl),
    /** DICOM PN, e.g. `DOE^JANE`. */
    name: z.string().max(64).regex(noBackslashOrControl),
    birthDate: dicomDate,
    sex: z.enum(['M', 'F', 'O']),
  }),
  accession: z.string().max(16).regex(noBackslashOrControl),
  studyDescription: z.string().max(64).regex(noBackslashOrControl),
  studyInstanceUid: z.string().refine(isDicomUid, 'not a DICOM UID').optional(),
  /** Defaults to today / now (local time, as a modality would write it). */
  studyDate: dicomDate.optional(),
  studyTime: z.string().regex(/^\d{6}$/, 'expected HHMMSS').optional(),
  /** Number of series: CT 1, MR 2, CR 1 unless given. */
  series: z.number().int().min(1).max(20).optional(),
  /** Instances per series: CT 300 slices, MR 30 slices, CR 1 image unless given. */
  slices: z.number().int().min(1).max(2000).optional(),
  rows: z.number().int().min(16).max(4096).optional(),
  columns: z.number().int().min(16).max(4096).optional(),
  transferSyntax: z.enum(['explicit-vr-little-endian', 'jpeg-lossless']).default('explicit-vr-little-endian'),
});

export type StudySpec = z.input<typeof studySpecSchema>;

type Resolved = 'studyInstanceUid' | 'studyDate' | 'studyTime' | 'series' | 'slices' | 'rows' | 'columns';
export type ResolvedStudySpec = Omit<z.output<typeof studySpecSchema>, Resolved> & {
  studyInstanceUid: string;
  studyDate: string;
  studyTime: string;
  series: number;
  slices: number;
  rows: number;
  columns: number;
};

const defaultsByKind = {
  CT: { series: 1, slices: 300, rows: 512, columns: 512 },
  MR: { series: 2, slices: 30, rows: 256, columns: 256 },
  // A 35x43 cm detector at ~0.14 mm pixels, portrait.
  CR: { series: 1, slices: 1, rows: 3000, columns: 2500 },
} as const;

/** Validates a spec and fills in the modality's defaults. Throws a ZodError on bad input. */
export function resolveStudySpec(spec: StudySpec, now = new Date()): ResolvedStudySpec {
  const parsed = studySpecSchema.parse(spec);
  const defaults = defaultsByKind[parsed.kind];
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    ...parsed,
    studyInstanceUid: parsed.studyInstanceUid ?? newDicomUid(),
    studyDate: parsed.studyDate ?? `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`,
    studyTime: parsed.studyTime ?? `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`,
    series: parsed.series ?? defaults.series,
    slices: parsed.slices ?? defaults.slices,
    rows: parsed.rows ?? defaults.rows,
    columns: parsed.columns ?? defaults.columns,
  };
}
