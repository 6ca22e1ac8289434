// Ingest of the 300-slice CT, interleaved run by run: ScanShare's upload route
// (bench/figures/ingest.ts: 4 files at a time, a fresh copy of the study each run
// since ScanShare keeps every study it stored), then Orthanc's REST /instances
// (4 at a time) and STOW-RS (10 instances per request, 4 requests in flight),
// each into an Orthanc from which the study was deleted first. One C-STORE run
// (dcmtk storescu, one association) is recorded for information, and so is what
// the local S3-compatible server alone takes: the same files PUT straight into it
// (4 at a time, with the same storage call the upload route uses), without the
// portal or the database.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { putObjectStream } from '@/lib/storage/objects';
import { waitForQuiet } from '../../lib/cpu-busy';
import type { BenchContext } from '../../lib/context';
import { mbPerSecond } from '../../lib/stats';
import { ingestStudy, type IngestRun } from '../../figures/ingest';
import { countInstances, deleteStudy, restUpload, stowUpload, type Orthanc } from '../lib/orthanc';
import type { PeerStudy } from '../lib/plan';

export type PeerIngestRun = { method: 'rest-c4' | 'stow-rs' | 'c-store'; files: number; bytes: number; ms: number; mbPerSecond: number; statuses: Record<string, number>; stored: number };

export type S3CeilingRun = { ms: number; mbPerSecond: number };
export type IngestAB = { ours: IngestRun[]; peer: PeerIngestRun[]; s3Ceiling: S3CeilingRun[] };

/** The files PUT straight into the embedded S3 server, 4 at a time, under throwaway keys. */
async function s3Ceiling(ctx: BenchContext, study: PeerStudy): Promise<S3CeilingRun> {
  await waitForQuiet(ctx.log);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < study.files.length) {
        const file = study.files[next++]!;
        await putObjectStream(`bench-s3-ceiling/${randomUUID()}`, fs.createReadStream(file, { highWaterMark: 256 * 1024 }));
      }
    }),
  );
  const ms = performance.now() - started;
  const run = { ms: Math.round(ms), mbPerSecond: mbPerSecond(study.bytes, ms) };
  ctx.log(`  local S3 server alone (PUT, 4 at a time): ${run.mbPerSecond} MB/s`);
  return run;
}

async function storescu(orthanc: Orthanc, study: PeerStudy): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('storescu', ['-aec', 'PEER', '-aet', 'BENCH', '+sd', '-nh', '127.0.0.1', String(orthanc.dicomPort), study.dir], {
      env: { ...process.env, TCP_NODELAY: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.on('exit', (c) => resolve(c));
    child.on('error', () => resolve(-1));
  });
  return { ms: performance.now() - started, code };
}

async function peerRun(ctx: BenchContext, orthanc: Orthanc, study: PeerStudy, method: PeerIngestRun['method']): Promise<PeerIngestRun> {
  await deleteStudy(orthanc.url, study.studyInstanceUid);
  await waitForQuiet(ctx.log);
  let r: { files: number; bytes: number; ms: number; statuses: Record<string, number> };
  if (method === 'rest-c4') r = await restUpload(orthanc.url, study.files, 4);
  else if (method === 'stow-rs') r = await stowUpload(orthanc.url, study.files, 10, 4);
  else {
    const s = await storescu(orthanc, study);
    r = { files: study.files.length, bytes: study.bytes, ms: s.ms, statuses: { [`exit-${s.code}`]: study.files.length } };
  }
  const stored = await countInstances(orthanc.url, study.studyInstanceUid);
  if (stored !== study.files.length) throw new Error(`peer ${method}: ${stored} of ${study.files.length} instances stored (${JSON.stringify(r.statuses)})`);
  const run: PeerIngestRun = { method, ...r, ms: Math.round(r.ms), mbPerSecond: mbPerSecond(r.bytes, r.ms), stored };
  ctx.log(`  peer ${method}: ${(r.bytes / 1e6).toFixed(0)} MB in ${(r.ms / 1000).toFixed(1)} s = ${run.mbPerSecond} MB/s`);
  return run;
}

/** `copies[i]` is ingested by ScanShare in round i; the peer ingests copies[0] each round. Leaves copies[0] stored in the peer. */
export async function ingestAB(ctx: BenchContext, staffCookie: string, orthanc: Orthanc | null, copies: PeerStudy[], withCStore: boolean): Promise<IngestAB> {
  const out: IngestAB = { ours: [], peer: [], s3Ceiling: [] };
  for (const copy of copies) {
    out.ours.push(await ingestStudy(ctx, staffCookie, copy));
    out.s3Ceiling.push(await s3Ceiling(ctx, copy));
    if (!orthanc) continue;
    out.peer.push(await peerRun(ctx, orthanc, copies[0]!, 'rest-c4'));
    out.peer.push(await peerRun(ctx, orthanc, copies[0]!, 'stow-rs'));
  }
  if (orthanc && withCStore) out.peer.push(await peerRun(ctx, orthanc, copies[0]!, 'c-store'));
  return out;
}
