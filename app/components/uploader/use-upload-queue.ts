'use client';
import { useState } from 'react';
import { expandFiles, uploadAll, type Progress, type UploadOutcome, type UploadUrl } from './upload-queue';

/** The state of one round of uploads: progress, one outcome per file, and whether it is still running. */
export function useUploadQueue(uploadUrl: UploadUrl) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);
  const [running, setRunning] = useState(false);

  async function start(files: File[]) {
    if (files.length === 0) return;
    setRunning(true);
    setOutcomes([]);
    setProgress({ totalBytes: 0, sentBytes: 0, done: 0, discovered: 0 });
    try {
      await uploadAll(uploadUrl, expandFiles(files), setProgress, (o) => setOutcomes((prev) => [...prev, o]));
    } finally {
      setRunning(false);
    }
  }

  const counts = outcomes.reduce<Partial<Record<UploadOutcome['status'], number>>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
  const percent = progress && progress.totalBytes > 0 ? Math.round((progress.sentBytes / progress.totalBytes) * 100) : 0;
  return { start, progress, outcomes, running, counts, percent };
}
