// Generates a synthetic study into a folder on disk with the project's own CLI
// (scripts/generate-study.ts), in a child process: the bench process never holds
// the bytes, and later steps stream the files from disk.
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../scripts/lib/run-command';

export type StudyFiles = { label: string; dir: string; files: string[]; bytes: number };

export async function generateStudyFiles(
  root: string,
  label: string,
  dir: string,
  options: { slices: number; patientId: string; accession: string; description: string; rows?: number; columns?: number },
): Promise<StudyFiles> {
  const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  await runCommand(
    process.execPath,
    [
      tsxCli,
      'scripts/generate-study.ts',
      '--kind', 'CT',
      '--slices', String(options.slices),
      '--out', dir,
      '--patient-id', options.patientId,
      '--patient-name', 'BENCH^CASE',
      '--birth-date', '19800307',
      '--accession', options.accession,
      '--description', options.description,
      ...(options.rows ? ['--rows', String(options.rows)] : []),
      ...(options.columns ? ['--columns', String(options.columns)] : []),
    ],
    { cwd: root },
  );
  return readStudyFiles(label, dir);
}

export function readStudyFiles(label: string, dir: string): StudyFiles {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(dir, f));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  return { label, dir, files, bytes };
}
