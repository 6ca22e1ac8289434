// Runs inside tests/support/with-services.ts --app (embedded PostgreSQL + S3
// server, production portal at BASE_URL), inside the private network namespace
// when the peer runs: ScanShare and OHIF + Orthanc side by side, run by run.
// Writes raw results to the plan's rawOut; bench/peer/run.ts reports them.
//   tsx tests/support/with-services.ts --app -- tsx bench/peer/suite.ts <plan.json>
import fs from 'node:fs';
import path from 'node:path';
import { closeDb } from '@/db/client';
import type { BenchContext } from '../lib/context';
import { pidListeningOn, processName } from '../lib/process-memory';
import { signInDemoStaff } from '../lib/staff-session';
import { uploadFiles } from '../lib/upload-files';
import { firstImageProfile, type ViewRun } from '../figures/first-image';
import { downloadAB, type DownloadAB } from './figures/download-ab';
import { ingestAB, type IngestAB } from './figures/ingest-ab';
import { manifestScale, manifestThroughput, slopeOf, type ManifestScale } from './figures/manifest-scale';
import { manifestUrl, metadataAB, type MetadataAB } from './figures/metadata-ab';
import { rawFetch, type RawFetch } from './figures/raw-fetch';
import { nginxViewProfile, type NginxViewRun, type Target } from './figures/view-nginx';
import { issueLinks, withCookies } from './lib/links';
import { startNginx, type Nginx } from './lib/nginx';
import { restUpload, startOrthanc, type Orthanc } from './lib/orthanc';
import { peerAppConfigJs, staticManifest, writeListPage } from './lib/peer-viewer';
import type { PeerPlan, PeerStudy } from './lib/plan';
import { request } from '../lib/http-client';

export type ViewSet = { study: string; expectedInstances: number; ours: ViewRun[]; peer: NginxViewRun[]; static: NginxViewRun[] };

export type RawPeer = {
  portal: { pid: number; process: string; port: number };
  peer: { skipped: string | null; orthanc: Orthanc['versions'] | null; config: Record<string, unknown> | null; nginx: string | null };
  ingest: IngestAB | null;
  metadata: MetadataAB | null;
  views: ViewSet[];
  gzipViews: NginxViewRun[];
  download: DownloadAB | null;
  rawFetch: RawFetch | null;
  scale: ManifestScale | null;
  errors: Array<{ figure: string; message: string }>;
};

const log = (line: string) => console.log(line);

async function main(planPath: string): Promise<void> {
  const plan = JSON.parse(fs.readFileSync(planPath, 'utf8')) as PeerPlan;
  const baseUrl = process.env.BASE_URL;
  if (!baseUrl || !process.env.S3_ENDPOINT) throw new Error('run me through tests/support/with-services.ts --app (BASE_URL, S3_ENDPOINT)');
  const port = Number(new URL(baseUrl).port);
  const ctx: BenchContext = { baseUrl, port, s3Origin: new URL(process.env.S3_ENDPOINT).origin, log };
  const pid = pidListeningOn(port);
  const raw: RawPeer = {
    portal: { pid, process: processName(pid), port },
    peer: { skipped: plan.peerSkipReason, orthanc: null, config: null, nginx: null },
    ingest: null,
    metadata: null,
    views: [],
    gzipViews: [],
    download: null,
    rawFetch: null,
    scale: null,
    errors: [],
  };
  const attempt = async (figure: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      log(`  ✗ ${figure}: ${(err as Error).stack ?? err}`);
      raw.errors.push({ figure, message: (err as Error).message });
    }
  };
  const save = () => fs.writeFileSync(plan.rawOut, JSON.stringify(raw, null, 2));
  const orthancDir = path.join(plan.workDir, 'orthanc');
  const orthancOptions = { dir: orthancDir, httpPort: plan.ports.orthancHttp, dicomPort: plan.ports.orthancDicom };
  let orthanc: Orthanc | null = null;
  let nginx: Nginx | null = null;
  try {
    if (!plan.peerSkipReason) {
      await attempt('peer-start', async () => {
        orthanc = await startOrthanc({ ...orthancOptions, httpCompression: false });
        raw.peer.orthanc = orthanc.versions;
        raw.peer.config = orthanc.config;
        log(`[peer] Orthanc ${orthanc.versions.orthanc} (DICOMweb ${orthanc.versions.dicomweb}) on ${orthanc.url}, pid ${orthanc.pid}, private network namespace`);
      });
      if (!orthanc) raw.peer.skipped = `Orthanc did not start: ${raw.errors.at(-1)?.message}`;
    } else log(`[peer] SKIPPED: ${plan.peerSkipReason}`);
    const peer = (): Orthanc | null => orthanc;

    // 1. Ingest (everything else needs the studies in both systems).
    log('[peer] ingest of the CT: ScanShare upload route vs Orthanc REST (4 at a time) and STOW-RS, interleaved');
    const staffCookie = await signInDemoStaff(baseUrl);
    await uploadFiles(baseUrl, staffCookie, plan.studies.warmup.files, 4);
    if (peer()) await restUpload(peer()!.url, plan.studies.warmup.files, 4);
    raw.ingest = await ingestAB(ctx, staffCookie, peer(), plan.studies.ct, true);
    const ctStudyId = raw.ingest.ours[0]!.studyId;
    save();

    const stored = new Map<string, string>([[plan.studies.ct[0]!.label, ctStudyId]]);
    for (const s of [plan.studies.ctJpegLossless, plan.studies.mr, plan.studies.cr, ...plan.studies.scale]) {
      const r = await uploadFiles(baseUrl, staffCookie, s.files, 4);
      if (r.studyIds.length !== 1 || (r.statuses.stored ?? 0) !== s.files.length) throw new Error(`ingest of ${s.label}: ${JSON.stringify(r.statuses)}`);
      stored.set(s.label, r.studyIds[0]!);
      if (peer() && !s.label.startsWith('scale')) await restUpload(peer()!.url, s.files, 4);
      log(`  stored ${s.label} (${s.files.length} instances, ${(s.bytes / 1e6).toFixed(0)} MB)${peer() && !s.label.startsWith('scale') ? ' in both' : ''}`);
    }

    // 2. Links and their sessions (real access checks).
    const viewed = [plan.studies.ct[0]!, plan.studies.ctJpegLossless, plan.studies.mr, plan.studies.cr];
    const viewLinks = await Promise.all(viewed.map(async (s) => (await issueLinks(stored.get(s.label)!, 1))[0]!));
    const metaLinks = await issueLinks(ctStudyId, plan.runs.metadata);
    const scaleLinks = await Promise.all(plan.studies.scale.map((s) => issueLinks(stored.get(s.label)!, plan.runs.scaleMisses)));
    log(`[peer] access checks for ${viewLinks.length + metaLinks.length + scaleLinks.flat().length} links`);
    const cookies = await withCookies(baseUrl, [...viewLinks, ...metaLinks, ...scaleLinks.flat()]);
    const viewCookies = cookies.slice(0, viewLinks.length);
    const metaCookies = cookies.slice(viewLinks.length, viewLinks.length + metaLinks.length);
    let offset = viewLinks.length + metaLinks.length;
    const scaleCookies = scaleLinks.map((l) => {
      const c = cookies.slice(offset, offset + l.length);
      offset += l.length;
      return c;
    });

    // 3. The two nginx origins: the peer (OHIF recipe) and the static reference.
    const listDir = path.join(plan.workDir, 'list');
    const staticStudies = path.join(plan.workDir, 'static');
    const staticManifests = path.join(plan.workDir, 'static-manifest');
    fs.mkdirSync(staticStudies, { recursive: true });
    fs.mkdirSync(staticManifests, { recursive: true });
    const peerConfig = path.join(plan.workDir, 'peer-app-config.js');
    fs.writeFileSync(peerConfig, peerAppConfigJs());
    const staticOrigin = `http://localhost:${plan.ports.nginxStatic}`;
    const peerOrigin = `http://localhost:${plan.ports.nginxPeer}`;
    const ctManifest = (await request(manifestUrl(baseUrl, viewCookies[0]!), { headers: { cookie: viewCookies[0]!.cookie }, keepBody: true })).body!;
    for (const [i, s] of viewed.entries()) {
      fs.symlinkSync(s.dir, path.join(staticStudies, s.label));
      const m = i === 0 ? ctManifest : (await request(manifestUrl(baseUrl, viewCookies[i]!), { headers: { cookie: viewCookies[i]!.cookie }, keepBody: true })).body!;
      fs.writeFileSync(path.join(staticManifests, `${s.label}.json`), staticManifest(m, s.files, `${staticOrigin}/static/${s.label}`));
      writeListPage(listDir, `static-${s.label}`, s.label, `/viewer/viewer/dicomjson?url=${encodeURIComponent(`${staticOrigin}/static-manifest/${s.label}.json`)}`);
      writeListPage(listDir, `peer-${s.label}`, s.label, `/viewer/viewer/dicomweb?StudyInstanceUIDs=${s.studyInstanceUid}`);
    }
    if (!plan.staticSkipReason) {
      await attempt('nginx-start', async () => {
        nginx = await startNginx({
          dir: path.join(plan.workDir, 'nginx'),
          viewerDir: plan.viewerDir,
          peerAppConfig: peerConfig,
          listDir,
          staticStudiesDir: staticStudies,
          staticManifestDir: staticManifests,
          orthancHttpPort: plan.ports.orthancHttp,
          peerPort: plan.ports.nginxPeer,
          staticPort: plan.ports.nginxStatic,
        });
        raw.peer.nginx = nginx.version;
      });
    }
    const web = (): Nginx | null => nginx;
    const targets = (s: PeerStudy, expectedInstances: number) => {
      const peerT: Target = {
        system: 'peer',
        origin: peerOrigin,
        listPath: `/list/peer-${s.label}.html`,
        isInstance: (u) => u.includes('/dicom-web/studies/') && u.includes('/frames/'),
        isMetadata: (u) => u.includes('/dicom-web/studies') && !u.includes('/frames/'),
        expectedInstances,
      };
      const staticT: Target = {
        system: 'static',
        origin: staticOrigin,
        listPath: `/list/static-${s.label}.html`,
        isInstance: (u) => u.startsWith(`${staticOrigin}/static/`),
        isMetadata: (u) => u.includes('/static-manifest/'),
        expectedInstances,
      };
      return { peerT, staticT };
    };

    // 4. Study metadata.
    log('[peer] study metadata: manifest route vs WADO-RS /studies/{uid}/metadata');
    await attempt('metadata', async () => {
      raw.metadata = await metadataAB(ctx, metaCookies, viewCookies[0]!, peer(), plan.studies.ct[0]!.studyInstanceUid, 20);
    });
    save();

    // 5. First image and all instances, A B (S) A B (S) …
    const viewPlan: Array<{ study: PeerStudy; link: (typeof viewLinks)[number]; expected: number; pairs: number; withStatic: boolean }> = [
      { study: viewed[0]!, link: viewLinks[0]!, expected: viewed[0]!.files.length, pairs: plan.runs.viewPairs, withStatic: true },
      { study: viewed[1]!, link: viewLinks[1]!, expected: viewed[1]!.files.length, pairs: plan.runs.secondaryPairs, withStatic: false },
      { study: viewed[2]!, link: viewLinks[2]!, expected: 1, pairs: plan.runs.secondaryPairs, withStatic: false },
      { study: viewed[3]!, link: viewLinks[3]!, expected: 1, pairs: plan.runs.secondaryPairs, withStatic: false },
    ];
    for (const v of viewPlan) {
      log(`[peer] first image, ${v.study.label}: ${v.pairs} × (ScanShare, OHIF + Orthanc${v.withStatic ? ', static' : ''}), each a fresh profile (cold, then warm)`);
      const set: ViewSet = { study: v.study.label, expectedInstances: v.expected, ours: [], peer: [], static: [] };
      raw.views.push(set);
      const { peerT, staticT } = targets(v.study, v.expected);
      for (let i = 0; i < v.pairs; i++) {
        await attempt(`view-${v.study.label}-ours`, async () => {
          set.ours.push(...(await firstImageProfile(ctx, v.link, v.link.studyId, v.expected, false)));
        });
        if (peer() && web()) await attempt(`view-${v.study.label}-peer`, async () => void set.peer.push(...(await nginxViewProfile(peerT, log))));
        if (v.withStatic && web()) await attempt(`view-${v.study.label}-static`, async () => void set.static.push(...(await nginxViewProfile(staticT, log))));
        // Context, not the ratios: a recipient who reads the list first finds the viewer booted.
        if (v.withStatic && i < plan.runs.settledProfiles) {
          await attempt(`view-${v.study.label}-ours-settled`, async () => {
            set.ours.push(...(await firstImageProfile(ctx, v.link, v.link.studyId, v.expected, true)));
          });
        }
      }
      save();
    }

    // 6. Download.
    log('[peer] download: ScanShare ZIP vs Orthanc /studies/{id}/archive');
    await attempt('download', async () => {
      raw.download = await downloadAB(ctx, viewCookies[0]!, peer(), plan.studies.ct[0]!, plan.runs.download);
    });

    // 7. Delivery alone (no viewer).
    if (web()) {
      log('[peer] delivery alone: every CT instance, 6 at a time');
      await attempt('raw-fetch', async () => {
        // A fresh request: the URLs handed out at the start have expired by now.
        const fresh = (await request(manifestUrl(baseUrl, viewCookies[0]!), { headers: { cookie: viewCookies[0]!.cookie }, keepBody: true })).body!;
        const manifest = JSON.parse(fresh) as { studies: Array<{ series: Array<{ SeriesInstanceUID: string; instances: Array<{ url: string; metadata: { SOPInstanceUID: string } }> }> }> };
        const instances = manifest.studies[0]!.series.flatMap((se) => se.instances.map((i) => ({ ...i, series: se.SeriesInstanceUID })));
        const ct = plan.studies.ct[0]!;
        raw.rawFetch = await rawFetch(
          ctx,
          [
            { name: 'scanshare-s3', urls: instances.map((i) => i.url.replace(/^dicomweb:/, '')) },
            { name: 'static', urls: ct.files.map((f) => `${staticOrigin}/static/${ct.label}/${path.basename(f)}`) },
            ...(peer()
              ? [{
                  name: 'peer-wado-rs' as const,
                  urls: instances.map((i) => `${peerOrigin}/dicom-web/studies/${ct.studyInstanceUid}/series/${i.series}/instances/${i.metadata.SOPInstanceUID}/frames/1`),
                  headers: { accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' },
                }]
              : []),
          ],
          plan.quick ? 2 : 3,
        );
      });
    }
    save();

    // 8. Manifest at scale.
    log('[peer] manifest route at scale');
    await attempt('scale', async () => {
      const points = await manifestScale(ctx, plan.studies.scale.map((s, i) => ({ instances: s.files.length, links: scaleCookies[i]! })), 10);
      raw.scale = { points, slope: slopeOf(points), throughput64: null };
      raw.scale.throughput64 = await manifestThroughput(ctx, viewCookies[0]!, plan.studies.ct[0]!.files.length);
    });
    save();

    // 9. The peer as Debian ships it: HTTP gzip on (labelled, not in the ratios).
    if (peer() && web() && plan.runs.gzipProfiles > 0) {
      log('[peer] OHIF + Orthanc with Debian\'s stock HttpCompressionEnabled: true');
      await attempt('peer-gzip', async () => {
        await peer()!.stop();
        orthanc = await startOrthanc({ ...orthancOptions, httpCompression: true });
        const { peerT } = targets(viewed[0]!, viewed[0]!.files.length);
        for (let i = 0; i < plan.runs.gzipProfiles; i++) raw.gzipViews.push(...(await nginxViewProfile({ ...peerT, system: 'peer-gzip' }, log)));
      });
    }
  } finally {
    save();
    await (nginx as Nginx | null)?.stop();
    await (orthanc as Orthanc | null)?.stop();
  }
}

main(process.argv[2] ?? '')
  .then(async () => {
    await closeDb();
    process.exit(0);
  })
  .catch(async (err) => {
    console.error(`[peer] ${(err as Error).stack ?? err}`);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
