// Writes a generated study to a folder, as a CD copy or an export would hold it,
// so browser tests can upload real files through the file picker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { generateStudy, type StudySpec } from '@/lib/dicom/generate-study';

export type StudyOnDisk = { dir: string; files: string[]; sha256s: Set<string> };

export async function writeStudyToDisk(spec: StudySpec): Promise<StudyOnDisk> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-e2e-study-'));
  const files: string[] = [];
  const sha256s = new Set<string>();
  for await (const f of generateStudy(spec)) {
    const file = path.join(dir, f.fileName);
    fs.writeFileSync(file, f.bytes);
    files.push(file);
    sha256s.add(createHash('sha256').update(f.bytes).digest('hex'));
  }
  return { dir, files, sha256s };
}
