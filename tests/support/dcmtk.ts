import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function dcmtkAvailable(): boolean {
  return spawnSync('dcmdump', ['--version']).status === 0 && spawnSync('dcmmkdir', ['--version']).status === 0;
}

/**
 * Checks an extracted CD layout with dcmtk: dcmdump reads the DICOMDIR with no
 * errors or warnings, and dcmmkdir, updating it from the files, resolves every
 * record offset and finds nothing to add. Returns the problems found.
 */
export function dicomdirProblems(root: string): string[] {
  const problems: string[] = [];
  const dump = spawnSync('dcmdump', ['+M', path.join(root, 'DICOMDIR')], { encoding: 'utf8' });
  if (dump.status !== 0) problems.push(`dcmdump exited ${dump.status}: ${dump.stderr}`);
  problems.push(...`${dump.stdout}\n${dump.stderr}`.split('\n').filter((l) => /^(E|W):/.test(l)));
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-dcmmkdir-'));
  try {
    fs.cpSync(root, copy, { recursive: true });
    const before = fs.readFileSync(path.join(copy, 'DICOMDIR')).length;
    const update = spawnSync('dcmmkdir', ['+U', '+r', '-nb', 'DICOM'], { cwd: copy, encoding: 'utf8' });
    if (update.status !== 0) problems.push(`dcmmkdir exited ${update.status}: ${update.stderr}`);
    problems.push(...`${update.stdout}\n${update.stderr}`.split('\n').filter((l) => /Cannot resolve offset|^E:/.test(l)));
    const records = (file: string) => (spawnSync('dcmdump', [file], { encoding: 'utf8' }).stdout.match(/\(0004,1430\)/g) ?? []).length;
    if (records(path.join(copy, 'DICOMDIR')) !== records(path.join(root, 'DICOMDIR'))) {
      problems.push(`dcmmkdir added records to our DICOMDIR (${before} bytes before)`);
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  return problems;
}
