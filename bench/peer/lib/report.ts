// Turns the suite's raw results into bench/results/peer-<date>.json: every figure
// as median with min–max and runs, the ratios ScanShare / peer with their
// targets, and a printed table.
import { median, summarize, type Summary } from '../../lib/stats';
import type { NginxViewRun } from '../figures/view-nginx';
import type { RawPeer, ViewSet } from '../suite';
import type { ViewRun } from '../../figures/first-image';

export const definitions = {
  firstImage:
    'From the press on "View" (pointerdown timestamp as the browser received it) to the first cornerstone canvas with > 2% non-black pixels (tests/pages/viewer-canvas.ts, polled every ~100 ms). Same Debian Chromium, same flags, 1280×900, fresh profile per pair of runs. ScanShare: /links/<id> after the access check, View clicked as soon as visible (the list page\'s viewer preload is part of the product); peer and static: a one-link list page on the nginx origin, the viewer opens as the top-level page.',
  modes: { cold: 'fresh profile (empty HTTP and code cache)', warm: 'same profile, list page opened again: the viewer code is cached' },
  afterReadingList: 'Context, not in the ratios: ScanShare profiles that click once the list page\'s viewer iframe has loaded and then fetched nothing for 1 s (bench/figures/first-image.ts "settled"), compared with the peer\'s click (the peer has no list page to preload from)',
  allInstances: 'From the same press to the N-th distinct instance URL answered 200 (ScanShare: presigned S3 GETs; peer: WADO-RS …/frames/1 through nginx; static: plain files through nginx)',
  metadata: 'One request at a time on a warm keep-alive connection. ScanShare: GET /api/links/<id>/studies/<studyId>/manifest, first request on a fresh link (builds and signs; later requests within a minute reuse it: `hitMs`). Peer: GET /dicom-web/studies/{uid}/metadata straight to Orthanc',
  ingest: 'The 300-slice CT from disk. ScanShare: POST /api/uploads, 4 files at a time, a new copy of the study each run. Peer: POST /instances 4 at a time, and STOW-RS (10 instances per request, 4 requests in flight), into an Orthanc the study was deleted from first; the ratio uses the faster peer method',
  download: 'The whole CT as one ZIP read as fast as possible: ScanShare GET …/download vs Orthanc GET /studies/{id}/archive; MB/s of the study\'s DICOM bytes (same numerator), so the ratio is peer time / our time',
  static: 'nginx serving the same files and ScanShare\'s own manifest (URLs rewritten to the files) to the same OHIF build: the physical reference for moving these bytes into this viewer on this machine',
  rawFetch: 'Every CT instance by a plain HTTP client, 6 at a time, no viewer',
  scale: 'Manifest route at 100/300/1,000/3,000 instances (64×64 pixels; the cost depends on the count): first request on a fresh link and reused; least-squares slope of the medians; throughput with 64 requests in flight (8 each) on the 300-instance CT',
  ratios: 'ScanShare / peer from the same run: times (lower is better) for first_image_*, all_loaded, metadata, vs_static_all_loaded (ScanShare / static); throughputs (higher is better) for ingest and download',
};

type ViewFigure = { firstImageMs: Summary; allInstancesMs: Summary; timeouts: number; phasesMedianMs: Record<string, number | null>; otherProcessesBusyPercentMedian: number };

function viewFigure<T extends { firstImageMs: number | null; allInstancesMs: number | null; otherProcessesBusyPercent: number }>(runs: T[], phases: (r: T) => Record<string, number | null> | undefined): ViewFigure {
  const nums = (pick: (r: T) => number | null | undefined) => runs.map(pick).filter((v): v is number => typeof v === 'number');
  const names = Object.keys(runs.map(phases).find((p) => p && Object.keys(p).length) ?? {});
  const phasesMedianMs: Record<string, number | null> = {};
  for (const n of names) {
    const v = nums((r) => phases(r)?.[n]);
    phasesMedianMs[n] = v.length ? Math.round(median(v)) : null;
  }
  return {
    firstImageMs: summarize(nums((r) => r.firstImageMs), 0),
    allInstancesMs: summarize(nums((r) => r.allInstancesMs), 0),
    timeouts: runs.filter((r) => r.firstImageMs === null).length,
    phasesMedianMs,
    otherProcessesBusyPercentMedian: median(nums((r) => r.otherProcessesBusyPercent)),
  };
}

type ViewSetFigures = {
  study: string;
  expectedInstances: number;
  cold: Record<string, ViewFigure>;
  warm: Record<string, ViewFigure>;
  /** ScanShare clicking once the list page settled (its viewer preloaded): context only. */
  scanshareAfterReadingList: { cold: ViewFigure; warm: ViewFigure } | null;
};

function viewSetFigures(set: ViewSet): ViewSetFigures {
  const out = {} as Record<'cold' | 'warm', Record<string, ViewFigure>>;
  for (const mode of ['cold', 'warm'] as const) {
    out[mode] = {
      scanshare: viewFigure(set.ours.filter((r: ViewRun) => r.mode === mode), (r) => r.breakdown?.phases),
      ...(set.peer.length ? { peer: viewFigure(set.peer.filter((r) => r.mode === mode), (r) => r.phases) } : {}),
      ...(set.static.length ? { static: viewFigure(set.static.filter((r) => r.mode === mode), (r) => r.phases) } : {}),
    };
  }
    const settled = (mode: string) => viewFigure(set.ours.filter((r: ViewRun) => r.mode === mode), (r) => r.breakdown?.phases);
  const hasSettled = set.ours.some((r) => r.mode === 'cold-settled');
  return {
    study: set.study,
    expectedInstances: set.expectedInstances,
    cold: out.cold,
    warm: out.warm,
    scanshareAfterReadingList: hasSettled ? { cold: settled('cold-settled'), warm: settled('warm-settled') } : null,
  };
}

export type Ratio = { key: string; label: string; ours: number | null; peer: number | null; unit: string; ratio: number | null; target: string; met: boolean | null; better: 'lower' | 'higher' };

const r3 = (v: number) => Number(v.toFixed(3));

function ratio(key: string, label: string, ours: number | null | undefined, peer: number | null | undefined, unit: string, better: 'lower' | 'higher', limit: number): Ratio {
  const ok = typeof ours === 'number' && typeof peer === 'number' && Number.isFinite(ours) && Number.isFinite(peer) && peer > 0;
  const value = ok ? r3(ours / peer) : null;
  return {
    key,
    label,
    ours: ours ?? null,
    peer: peer ?? null,
    unit,
    ratio: value,
    target: `${better === 'lower' ? '≤' : '≥'} ${limit}`,
    met: value === null ? null : better === 'lower' ? value <= limit : value >= limit,
    better,
  };
}

export function computeRatios(raw: RawPeer): Ratio[] {
  const ct = raw.views[0];
  const f = ct ? viewSetFigures(ct) : null;
  const med = (mode: 'cold' | 'warm', sys: string, what: 'firstImageMs' | 'allInstancesMs') => f?.[mode]?.[sys]?.[what].median;
  const peerIngest = (m: string) => summarize((raw.ingest?.peer ?? []).filter((p) => p.method === m).map((p) => p.mbPerSecond)).median;
  const peerRates = ['rest-c4', 'stow-rs'].map(peerIngest).filter((v) => Number.isFinite(v));
  const bestPeerIngest = peerRates.length ? Math.max(...peerRates) : Number.NaN;
  const oursIngest = summarize((raw.ingest?.ours ?? []).map((r) => r.mbPerSecond)).median;
  const dl = (side: 'ours' | 'peer') => summarize((raw.download?.[side] ?? []).map((r) => r.studyMBps)).median;
  return [
    ratio('first_image_cold', 'first image, cold', med('cold', 'scanshare', 'firstImageMs'), med('cold', 'peer', 'firstImageMs'), 'ms', 'lower', 0.5),
    ratio('first_image_warm', 'first image, warm (viewer cached)', med('warm', 'scanshare', 'firstImageMs'), med('warm', 'peer', 'firstImageMs'), 'ms', 'lower', 0.5),
    ratio('all_loaded', 'all 300 instances loaded, cold', med('cold', 'scanshare', 'allInstancesMs'), med('cold', 'peer', 'allInstancesMs'), 'ms', 'lower', 0.3),
    ratio('metadata', 'study metadata (manifest vs WADO-RS)', raw.metadata?.ours.missMs.median, raw.metadata?.peer?.metadataMs.median, 'ms', 'lower', 0.1),
    ratio('ingest', 'ingest of the CT (vs faster of REST/STOW)', oursIngest, Number.isFinite(bestPeerIngest) ? bestPeerIngest : null, 'MB/s', 'higher', 1.0),
    ratio('download', 'download of the CT as ZIP', dl('ours'), raw.download?.peer.length ? dl('peer') : null, 'MB/s', 'higher', 1.0),
    ratio('vs_static_all_loaded', 'all loaded vs static file server, cold', med('cold', 'scanshare', 'allInstancesMs'), med('cold', 'static', 'allInstancesMs'), 'ms', 'lower', 1.5),
  ];
}

export function composePeerResult(input: { date: string; command: string; quick: boolean; durationSeconds: number; machine: unknown; setup: Record<string, unknown>; studies: Record<string, unknown>; raw: RawPeer }) {
  const { raw } = input;
  const ratios = computeRatios(raw);
  const ct = raw.views[0] ? viewSetFigures(raw.views[0]) : null;
  const ctCold = ct?.cold ?? null;
  const gzipCold = raw.gzipViews.filter((r) => r.mode === 'cold');
  const gzipAll = summarize(gzipCold.map((r) => r.allInstancesMs).filter((v): v is number => v !== null)).median;
  const gzipFirst = summarize(gzipCold.map((r) => r.firstImageMs).filter((v): v is number => v !== null)).median;
  const div = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? r3(a / b) : null);
  /** Not the issue's ratios: context for them, from the same run. */
  const otherRatios = {
    first_image_cold_after_reading_list: div(ct?.scanshareAfterReadingList?.cold.firstImageMs.median, ctCold?.peer?.firstImageMs.median),
    first_image_warm_after_reading_list: div(ct?.scanshareAfterReadingList?.warm.firstImageMs.median, ct?.warm.peer?.firstImageMs.median),
    all_loaded_cold_after_reading_list: div(ct?.scanshareAfterReadingList?.cold.allInstancesMs.median, ctCold?.peer?.allInstancesMs.median),
    first_image_cold_vs_peer_stock_gzip: div(ctCold?.scanshare?.firstImageMs.median, gzipFirst),
    all_loaded_vs_peer_stock_gzip: div(ctCold?.scanshare?.allInstancesMs.median, gzipAll),
    metadata_reused_manifest: div(raw.metadata?.ours.hitMs.median, raw.metadata?.peer?.metadataMs.median),
    static_vs_peer_all_loaded: div(ctCold?.static?.allInstancesMs.median, ctCold?.peer?.allInstancesMs.median),
    ingest_vs_local_s3_alone: div(summarize((raw.ingest?.ours ?? []).map((r) => r.mbPerSecond)).median, summarize((raw.ingest?.s3Ceiling ?? []).map((r) => r.mbPerSecond)).median),
  };
  const gzip = raw.gzipViews.length ? { cold: viewFigure(raw.gzipViews.filter((r: NginxViewRun) => r.mode === 'cold'), (r) => r.phases), warm: viewFigure(raw.gzipViews.filter((r) => r.mode === 'warm'), (r) => r.phases) } : null;
  return {
    benchmark: 'ScanShare vs OHIF + Orthanc, side by side',
    schemaVersion: 1,
    date: input.date,
    command: input.command,
    quick: input.quick,
    durationSeconds: input.durationSeconds,
    machine: input.machine,
    setup: { ...input.setup, portal: raw.portal, peer: raw.peer, studies: input.studies },
    definitions,
    ratios: Object.fromEntries(ratios.map((r) => [r.key, r.ratio])),
    targets: ratios,
    otherRatios,
    figures: {
      views: raw.views.map(viewSetFigures),
      peerStockGzip: gzip,
      metadata: raw.metadata,
      ingest: raw.ingest && {
        scanshareMBps: summarize(raw.ingest.ours.map((r) => r.mbPerSecond)),
        peerRestC4MBps: summarize(raw.ingest.peer.filter((p) => p.method === 'rest-c4').map((p) => p.mbPerSecond)),
        peerStowMBps: summarize(raw.ingest.peer.filter((p) => p.method === 'stow-rs').map((p) => p.mbPerSecond)),
        peerCStoreMBps: summarize(raw.ingest.peer.filter((p) => p.method === 'c-store').map((p) => p.mbPerSecond)),
        localS3AloneMBps: summarize(raw.ingest.s3Ceiling.map((r) => r.mbPerSecond)),
      },
      download: raw.download && {
        scanshareMBps: summarize(raw.download.ours.map((r) => r.studyMBps)),
        peerMBps: summarize(raw.download.peer.map((r) => r.studyMBps)),
      },
      rawFetch: raw.rawFetch,
      manifestScale: raw.scale,
    },
    raw,
    errors: raw.errors,
  };
}

const fmt = (s: Summary | undefined, unit = '') => (!s || s.runs === 0 ? '—' : `${s.median}${unit} (${s.min}–${s.max})`);

export function printPeerSummary(result: ReturnType<typeof composePeerResult>, log: (l: string) => void): void {
  const pad = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const table = (title: string, header: string[], rows: string[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    log('');
    log(title);
    log(pad(header, widths));
    log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) log(pad(r, widths));
  };
  table(
    `ScanShare vs OHIF + Orthanc — ${result.date} — ${result.durationSeconds} s${result.quick ? ' (quick)' : ''}`,
    ['figure', 'ScanShare', 'peer', 'ratio', 'target', ''],
    result.targets.map((t) => [t.label, t.ours === null ? '—' : `${t.ours} ${t.unit}`, t.peer === null ? '—' : `${t.peer} ${t.unit}`, t.ratio === null ? '—' : String(t.ratio), t.target, t.met === null ? 'n/a' : t.met ? 'MET' : 'MISSED']),
  );
  const rows: string[][] = [];
  for (const v of result.figures.views) {
    for (const mode of ['cold', 'warm'] as const) {
      const m = v[mode];
      for (const sys of ['scanshare', 'peer', 'static']) {
        if (!m[sys]) continue;
        rows.push([`${v.study} ${mode} ${sys}`, fmt(m[sys]!.firstImageMs), v.expectedInstances > 1 ? fmt(m[sys]!.allInstancesMs) : '—', String(m[sys]!.firstImageMs.runs)]);
      }
    }
  }
  for (const v of result.figures.views) {
    const a = v.scanshareAfterReadingList;
    if (a) for (const mode of ['cold', 'warm'] as const) rows.push([`${v.study} ${mode} scanshare, list read first`, fmt(a[mode].firstImageMs), fmt(a[mode].allInstancesMs), String(a[mode].firstImageMs.runs)]);
  }
  const g = result.figures.peerStockGzip;
  if (g) for (const mode of ['cold', 'warm'] as const) rows.push([`ct-1 ${mode} peer, Debian stock gzip`, fmt(g[mode].firstImageMs), fmt(g[mode].allInstancesMs), String(g[mode].firstImageMs.runs)]);
  table('Viewer (ms, median (min–max))', ['study / mode / system', 'first image', 'all instances', 'runs'], rows);
  const s = result.figures.manifestScale;
  if (s) {
    table(
      'Manifest route at scale',
      ['instances', 'first request (ms)', 'reused (ms)', 'MB'],
      s.points.map((p) => [String(p.instances), fmt(p.missMs), fmt(p.hitMs), (p.bytes / 1e6).toFixed(2)]),
    );
    log(`slope: ${(s.slope.missMsPerInstance * 1000).toFixed(1)} µs per instance first request (R² ${s.slope.missR2}), ${(s.slope.hitMsPerInstance * 1000).toFixed(1)} µs reused`);
    if (s.throughput64) log(`64 concurrent (${s.throughput64.instances} instances): ${s.throughput64.requestsPerSecond} req/s, p50 ${s.throughput64.p50Ms} ms, p99 ${s.throughput64.p99Ms} ms`);
  }
  log(`\nContext (same run): ${Object.entries(result.otherRatios).map(([k, v]) => `${k} ${v ?? '—'}`).join(', ')}`);
  const ing = result.figures.ingest;
  if (ing) log(`ingest MB/s: ScanShare ${fmt(ing.scanshareMBps)}, local S3 alone ${fmt(ing.localS3AloneMBps)}, Orthanc REST ${fmt(ing.peerRestC4MBps)}, STOW-RS ${fmt(ing.peerStowMBps)}, C-STORE ${fmt(ing.peerCStoreMBps)}`);
  const rf = result.figures.rawFetch;
  if (rf) log(`delivery alone (300 instances, 6 at a time): ${Object.entries(rf).map(([k, v]) => `${k} ${v.ms.median} ms`).join(', ')}`);
  if (result.setup.peer && (result.setup.peer as { skipped: string | null }).skipped) log(`\nPEER SKIPPED: ${(result.setup.peer as { skipped: string }).skipped}`);
  for (const e of result.errors) log(`error in ${e.figure}: ${e.message}`);
}
