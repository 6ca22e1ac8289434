// The side-by-side studies, written to disk with the project's own generator
// (scripts/generate-study.ts, one child process per study, so this process never
// holds the bytes). Each gets a known StudyInstanceUID, which the peer's viewer
// URL needs.
import path from 'node:path';
import { newDicomUid } from '@/lib/dicom/uids';
import { runCommand } from '../../../scripts/lib/run-command';
import { readStudyFiles } from '../../lib/study-files';
import type { PeerPlan, PeerStudy } from './plan';

type Spec = { kind: 'CT' | 'MR' | 'CR'; slices?: number; series?: number; rows?: number; columns?: number; jpegLossless?: boolean };

async function generate(root: string, dir: string, label: string, spec: Spec): Promise<PeerStudy> {
  const studyInstanceUid = newDicomUid();
  const out = path.join(dir, label);
  const opt = (name: string, v: number | undefined) => (v === undefined ? [] : [`--${name}`, String(v)]);
  await runCommand(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'scripts/generate-study.ts',
      '--kind', spec.kind,
      '--out', out,
      '--patient-id', 'PEER-0001',
      '--patient-name', 'PEER^BENCH',
      '--birth-date', '19800307',
      '--accession', label.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16),
      '--description', `PEER BENCH ${label.toUpperCase()}`,
      '--study-uid', studyInstanceUid,
      ...opt('slices', spec.slices),
      ...opt('series', spec.series),
      ...opt('rows', spec.rows),
      ...opt('columns', spec.columns),
      ...(spec.jpegLossless ? ['--jpeg-lossless'] : []),
    ],
    { cwd: root },
  );
  return { ...readStudyFiles(label, out), studyInstanceUid };
}

export const SCALE_SIZES = [100, 300, 1000, 3000] as const;

export async function generatePeerStudies(root: string, dir: string, ctCopies: number): Promise<PeerPlan['studies']> {
  const warmup = await generate(root, dir, 'warmup', { kind: 'CT', slices: 4, rows: 64, columns: 64 });
  const ct: PeerStudy[] = [];
  for (let i = 1; i <= ctCopies; i++) ct.push(await generate(root, dir, `ct-${i}`, { kind: 'CT', slices: 300 }));
  const ctJpegLossless = await generate(root, dir, 'ct-jpeg-lossless', { kind: 'CT', slices: 300, jpegLossless: true });
  const mr = await generate(root, dir, 'mr', { kind: 'MR', series: 2, slices: 30 });
  const cr = await generate(root, dir, 'cr', { kind: 'CR', slices: 2 });
  const scale: PeerStudy[] = [];
  // Small pixels: the manifest's cost depends on the number of instances, not their size.
  for (const n of SCALE_SIZES) {
    const series = Math.ceil(n / 1500);
    scale.push(await generate(root, dir, `scale-${n}`, { kind: 'CT', series, slices: n / series, rows: 64, columns: 64 }));
  }
  return { warmup, ct, ctJpegLossless, mr, cr, scale };
}
