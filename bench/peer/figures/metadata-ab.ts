// Study metadata, interleaved: ScanShare's manifest route (authorize + audit +
// presigned URLs + per-instance metadata; the first request on a link builds it,
// later ones within a minute reuse it) vs Orthanc's WADO-RS
// /dicom-web/studies/{uid}/metadata (what a DICOMweb viewer needs before the
// first pixel request). Each sample is one request at a time on a warm
// keep-alive connection, so both are measured as a single viewer sees them.
import { waitForQuiet } from '../../lib/cpu-busy';
import type { BenchContext } from '../../lib/context';
import { keepAliveAgent, request } from '../../lib/http-client';
import { summarize, type Summary } from '../../lib/stats';
import type { Orthanc } from '../lib/orthanc';

export type LinkCookie = { shareLinkId: string; studyId: string; cookie: string };

export type MetadataAB = {
  ours: { missMs: Summary; hitMs: Summary; bytes: number; missRuns: number[]; hitRuns: number[] };
  peer: { metadataMs: Summary; bytes: number; runs: number[]; seriesQidoMs: Summary } | null;
};

export const manifestUrl = (baseUrl: string, l: LinkCookie) => `${baseUrl}/api/links/${l.shareLinkId}/studies/${l.studyId}/manifest`;

export async function metadataAB(ctx: BenchContext, fresh: LinkCookie[], steady: LinkCookie, orthanc: Orthanc | null, studyInstanceUid: string, hits: number): Promise<MetadataAB> {
  const agent = keepAliveAgent(1);
  const ours = async (l: LinkCookie) => {
    const r = await request(manifestUrl(ctx.baseUrl, l), { agent, headers: { cookie: l.cookie, accept: 'application/json' } });
    if (r.status !== 200) throw new Error(`manifest answered ${r.status}`);
    return r;
  };
  const peerGet = async (path: string) => {
    const r = await request(`${orthanc!.url}${path}`, { agent, headers: { accept: 'application/dicom+json' } });
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
    return r;
  };
  const metaPath = `/dicom-web/studies/${studyInstanceUid}/metadata`;
  // Warm both paths (connections, code, page cache) before timing.
  await ours(steady);
  if (orthanc) await peerGet(metaPath);
  await waitForQuiet(ctx.log);

  const missRuns: number[] = [];
  const peerRuns: number[] = [];
  const qido: number[] = [];
  let oursBytes = 0;
  let peerBytes = 0;
  for (const l of fresh) {
    const r = await ours(l);
    missRuns.push(r.ms);
    oursBytes = r.bytes;
    if (orthanc) {
      const p = await peerGet(metaPath);
      peerRuns.push(p.ms);
      peerBytes = p.bytes;
      qido.push((await peerGet(`/dicom-web/studies/${studyInstanceUid}/series`)).ms);
    }
  }
  const hitRuns: number[] = [];
  for (let i = 0; i < hits; i++) {
    hitRuns.push((await ours(steady)).ms);
    if (orthanc) peerRuns.push((await peerGet(metaPath)).ms);
  }
  agent.destroy();
  const round = (v: number[]) => v.map((x) => Number(x.toFixed(1)));
  const result: MetadataAB = {
    ours: { missMs: summarize(missRuns), hitMs: summarize(hitRuns), bytes: oursBytes, missRuns: round(missRuns), hitRuns: round(hitRuns) },
    peer: orthanc ? { metadataMs: summarize(peerRuns), bytes: peerBytes, runs: round(peerRuns), seriesQidoMs: summarize(qido) } : null,
  };
  ctx.log(
    `  metadata: ours ${result.ours.missMs.median} ms first request on a link (${fresh.length}), ${result.ours.hitMs.median} ms reused (${hits}), ${oursBytes} bytes` +
      (result.peer ? `; Orthanc WADO-RS ${result.peer.metadataMs.median} ms (${peerRuns.length}), ${peerBytes} bytes` : ''),
  );
  return result;
}
