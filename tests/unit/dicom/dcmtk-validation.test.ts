// Checks our files with an independent implementation, dcmtk (installed in CI by
// .ci/run). dcmdump must parse them without errors or warnings; dcmmkdir, updating
// our DICOMDIR from the files it indexes, must resolve every offset and find every
// file already listed (no new records).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDicomdir } from '@/lib/dicom/dicomdir';
import { cdLayout, smallStudy } from './small-study';

const available = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const skipUnless = (tool: string) => (available(tool) ? false : `${tool} (dcmtk) is not on PATH: apt-get install dcmtk`);

function run(tool: string, args: string[], cwd?: string) {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  return { status: result.status, output, problems: output.split('\n').filter((line) => /^[EWF]:/.test(line)) };
}

function recordTypes(dicomdirPath: string): string[] {
  const dump = run('dcmdump', [dicomdirPath]).output;
  return [...dump.matchAll(/"Directory Record" (\w+)/g)].map((m) => m[1]!);
}

describe('dcmtk accepts what we write', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanshare-dcmtk-'));
    const layout = cdLayout([await smallStudy({ kind: 'CT', slices: 2 }), await smallStudy({ kind: 'MR', slices: 2 })]);
    for (const entry of layout.entries) {
      mkdirSync(join(dir, ...entry.path.slice(0, -1)), { recursive: true });
      writeFileSync(join(dir, ...entry.path), entry.bytes);
    }
    writeFileSync(join(dir, 'DICOMDIR'), writeDicomdir({ fileSetId: 'SCANSHARE', patients: [layout.patient] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('[DICOM] dcmdump reads a generated instance with no errors or warnings', { skip: skipUnless('dcmdump') }, () => {
    const result = run('dcmdump', ['+M', join(dir, 'DICOM', 'ST000001', 'SE000001', 'IM000001')]);
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(result.problems, []);
    assert.match(result.output, /CTImageStorage/);
  });

  test('[EXPORT] dcmdump reads our DICOMDIR with no errors or warnings', { skip: skipUnless('dcmdump') }, () => {
    const result = run('dcmdump', ['+M', join(dir, 'DICOMDIR')]);
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(result.problems, []);
    assert.match(result.output, /MediaStorageDirectoryStorage/);
    assert.match(result.output, /refFileID="DICOM\\ST000002\\SE000002\\IM000002"/);
  });

  test('[EXPORT] dcmmkdir updating our DICOMDIR resolves every offset and adds no record', { skip: skipUnless('dcmmkdir') }, () => {
    // dcmmkdir rewrites the file it updates, so it works on a copy.
    const copy = mkdtempSync(join(tmpdir(), 'scanshare-dcmmkdir-'));
    try {
      cpSync(dir, copy, { recursive: true });
      const before = recordTypes(join(copy, 'DICOMDIR'));
      const result = run('dcmmkdir', ['+U', '+r', '-nb', 'DICOM'], copy);
      assert.equal(result.status, 0, result.output);
      assert.deepEqual(result.problems, [], 'e.g. "W: DcmDicomDir::resolveGivenOffsets() Cannot resolve offset"');
      assert.deepEqual(recordTypes(join(copy, 'DICOMDIR')), before);
      assert.equal(before.length, 12);
      assert.ok(readFileSync(join(copy, 'DICOMDIR')).length > 0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
