// What bench/run.ts hands to bench/suite.ts (through a JSON file): the studies
// generated on disk, how many runs of each figure, where to write the results.
import type { StudyFiles } from './study-files';

export type BenchPlan = {
  quick: boolean;
  studies: {
    /** A tiny study sent first so the upload route is loaded before anything is timed. */
    warmup: StudyFiles;
    /** 300-slice CTs; the first is the one viewed, zipped and whose manifest is timed. */
    ct: StudyFiles[];
    /** The ~1 GB study. */
    big: StudyFiles;
  };
  runs: { coldProfiles: number; settledProfiles: number; manifest: number; zipCt: number; zipBig: number };
  rawOut: string;
};
