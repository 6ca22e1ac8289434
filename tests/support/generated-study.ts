import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { generateStudy, type StudySpec } from '@/lib/dicom/generate-study';
import { ingestFile, type IngestResult } from '@/lib/ingest/ingest-file';
import { noRequestContext } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/auth/actors';

export type GeneratedFile = { fileName: string; bytes: Uint8Array };

/** A small synthetic CT (few, small slices) with a unique patient, for fast tests. */
export async function smallStudyFiles(overrides: Partial<StudySpec> = {}): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for await (const f of generateStudy({
    kind: 'CT',
    patient: { id: `P-${randomUUID().slice(0, 8)}`, name: 'TEST^PATIENT', birthDate: '19750102', sex: 'F' },
    accession: 'ACC1',
    studyDescription: 'CT TEST',
    slices: 3,
    rows: 64,
    columns: 64,
    ...overrides,
  })) {
    files.push(f);
  }
  return files;
}

export function ingestBytes(actor: StaffActor, fileName: string, bytes: Uint8Array): Promise<IngestResult> {
  return ingestFile(actor, { body: Readable.from([Buffer.from(bytes)]), fileName }, noRequestContext);
}

/** Ingests a small study and returns its id (all files must be stored). */
export async function ingestSmallStudy(actor: StaffActor, overrides: Partial<StudySpec> = {}) {
  const files = await smallStudyFiles(overrides);
  let studyId: string | undefined;
  for (const f of files) {
    const r = await ingestBytes(actor, f.fileName, f.bytes);
    if (r.status !== 'stored') throw new Error(`expected stored, got ${JSON.stringify(r)}`);
    studyId = r.studyId;
  }
  return { studyId: studyId!, files };
}
