// Download of the whole CT as one ZIP, interleaved: ScanShare's CD-style ZIP
// route (bench/figures/zip-download.ts) vs Orthanc's GET /studies/{id}/archive.
// Both are compared as MB/s of the study's DICOM bytes (the same numerator), so
// the ratio is a ratio of times; each side's own ZIP size is recorded too.
import { waitForQuiet } from '../../lib/cpu-busy';
import type { BenchContext } from '../../lib/context';
import { request } from '../../lib/http-client';
import { mbPerSecond } from '../../lib/stats';
import { downloadZip } from '../../figures/zip-download';
import { orthancStudyId, type Orthanc } from '../lib/orthanc';
import type { PeerStudy } from '../lib/plan';
import type { LinkCookie } from './metadata-ab';

export type DownloadRun = { ms: number; zipBytes: number; studyMBps: number; firstByteMs: number };
export type DownloadAB = { ours: DownloadRun[]; peer: DownloadRun[] };

export async function downloadAB(ctx: BenchContext, link: LinkCookie, orthanc: Orthanc | null, study: PeerStudy, runs: number): Promise<DownloadAB> {
  const out: DownloadAB = { ours: [], peer: [] };
  const peerId = orthanc ? await orthancStudyId(orthanc.url, study.studyInstanceUid) : null;
  for (let i = 0; i < runs; i++) {
    const z = await downloadZip(ctx, link.cookie, link.shareLinkId, link.studyId, study.bytes);
    out.ours.push({ ms: z.ms, zipBytes: z.bytes, studyMBps: mbPerSecond(study.bytes, z.ms), firstByteMs: z.firstByteMs });
    if (!orthanc || !peerId) continue;
    await waitForQuiet(ctx.log);
    const r = await request(`${orthanc.url}/studies/${peerId}/archive`, { timeoutMs: 300_000 });
    if (r.status !== 200 || r.bytes < study.bytes / 4) throw new Error(`Orthanc archive answered ${r.status} with ${r.bytes} bytes`);
    out.peer.push({ ms: Math.round(r.ms), zipBytes: r.bytes, studyMBps: mbPerSecond(study.bytes, r.ms), firstByteMs: Math.round(r.firstByteMs) });
    ctx.log(`  peer archive ${(r.bytes / 1e6).toFixed(0)} MB in ${(r.ms / 1000).toFixed(2)} s = ${out.peer.at(-1)!.studyMBps} MB/s of study`);
  }
  return out;
}
