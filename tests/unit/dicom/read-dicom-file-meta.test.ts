// The early check on an upload's first kilobytes (lib/ingest/read-upload-start.ts) decides
// from the file meta group alone, and agrees with the full header read on every file it
// refuses; what it cannot decide from the bytes it holds it leaves to the full read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseEnv } from '@/lib/env';
import { readDicomFileMeta } from '@/lib/dicom/read-dicom-file-meta';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';
import { readUploadStart, refusalFromStart } from '@/lib/ingest/read-upload-start';
import { smallStudy } from './small-study';

test('[UPLOAD START] zeros, text and a short file are refused as not DICOM, as the full read refuses them', () => {
  for (const bytes of [new Uint8Array(64 * 1024), new TextEncoder().encode('discharge notes\n'.repeat(5000)), new Uint8Array(100)]) {
    const early = refusalFromStart(Buffer.from(bytes), bytes.length < 64 * 1024);
    assert.equal(early?.reason, 'not_dicom');
    const full = readDicomHeader(bytes, bytes.length);
    assert.deepEqual(early, full.ok ? null : { reason: full.reason, message: full.message });
  }
});

test('[UPLOAD START] a real file passes on its first 2 KiB; a head cut inside the meta group is left to the full read', async () => {
  const [file] = await smallStudy({ kind: 'CT' });
  assert.equal(refusalFromStart(Buffer.from(file!.bytes.subarray(0, 2048)), false), null);
  assert.equal(readDicomFileMeta(file!.bytes.subarray(0, 150), false).ok, 'incomplete');
  assert.equal(readDicomFileMeta(file!.bytes.subarray(0, 100), false).ok, 'incomplete');
  // The same cut as the whole file is a truncated file, for both.
  const cut = file!.bytes.subarray(0, 150);
  assert.equal(refusalFromStart(Buffer.from(cut), true)?.reason, 'truncated');
  assert.equal((readDicomHeader(cut, cut.length) as { reason: string }).reason, 'truncated');
});

test('[UPLOAD START] a broken file meta group is refused early with the full read\'s words', async () => {
  const [file] = await smallStudy({ kind: 'CT' });
  const broken = Buffer.from(file!.bytes);
  broken.writeUInt16LE(0x0008, 132); // the first element after DICM is no longer in the file meta group
  const early = refusalFromStart(broken.subarray(0, 64 * 1024), false);
  const full = readDicomHeader(broken, broken.length);
  assert.ok(early && !full.ok);
  assert.equal(early.reason, 'malformed');
  assert.deepEqual(early, { reason: full.reason, message: full.message });
});

test('[UPLOAD START] the head is read without losing a byte: the replay gives back the whole body', async () => {
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(8 * 1024, i));
  const start = await readUploadStart(Readable.from(chunks));
  assert.ok(start.head.length >= 64 * 1024 && !start.ended);
  const replayed: Buffer[] = [];
  for await (const c of start.whole) replayed.push(c as Buffer);
  assert.deepEqual(Buffer.concat(replayed), Buffer.concat(chunks));
  const small = await readUploadStart(Readable.from([Buffer.from('tiny')]));
  assert.equal(small.ended, true);
  assert.equal(small.head.toString(), 'tiny');
});

test('[CONFIG] upload limits default to 2 GiB per file and 20 GiB per upload link, and refuse less than 1 MiB', () => {
  const base = { DATABASE_URL: 'postgres://u:p@db.internal:5432/scanshare', NEXTAUTH_SECRET: 'x'.repeat(32), S3_BUCKET: 'scans' };
  const e = parseEnv(base);
  assert.equal(e.UPLOAD_MAX_FILE_BYTES, 2 * 1024 ** 3);
  assert.equal(e.UPLOAD_LINK_MAX_FILE_BYTES, undefined);
  assert.equal(e.UPLOAD_LINK_MAX_TOTAL_BYTES, 20 * 1024 ** 3);
  assert.throws(() => parseEnv({ ...base, UPLOAD_MAX_FILE_BYTES: '1000' }), /UPLOAD_MAX_FILE_BYTES/);
});
