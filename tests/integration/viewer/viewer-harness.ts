// Test servers for viewer-render.test.ts: a "portal" that serves public/viewer
// with the exact headers and SPA fallback of next-viewer-config.cjs (matched
// with Next's own path matcher) plus manifest and refresh routes, and a fake
// S3 on another origin that honours X-Amz-Date/X-Amz-Expires and CORS.
import { createHmac, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const requireCjs = createRequire(import.meta.url);
type Header = { key: string; value: string };
type PathMatch = (pathname: string) => false | Record<string, string>;
const { getPathMatch } = requireCjs('next/dist/shared/lib/router/utils/path-match') as {
  getPathMatch: (source: string, opts: { strict: boolean }) => PathMatch;
};
const { viewerHeaders, viewerRewrites } = requireCjs('../../../lib/viewer/next-viewer-config.cjs') as {
  viewerHeaders: (origin: string) => { source: string; headers: Header[] }[];
  viewerRewrites: { fallback: { source: string; destination: string }[] };
};
const dcmjs = requireCjs('dcmjs') as {
  data: { DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer }; DicomMetaDictionary: { denaturalizeDataset(d: unknown): unknown } };
};

export interface TestInstance { id: string; metadata: Record<string, unknown> }
export interface TestSeries { SeriesInstanceUID: string; instances: TestInstance[]; [k: string]: unknown }
export interface TestStudy { StudyInstanceUID: string; series: TestSeries[]; [k: string]: unknown }

const uid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;

/** A small synthetic CT series (uncompressed, signed 16-bit): a bright disc on air. */
export async function writeCtSeries(dir: string, slices: number, size: number): Promise<TestStudy> {
  await mkdir(dir, { recursive: true });
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const study = { StudyInstanceUID: uid(), SeriesInstanceUID: uid(), FrameOfReferenceUID: uid() };
  const instances: TestInstance[] = [];
  for (let i = 0; i < slices; i++) {
    const px = new Int16Array(size * size).map((_, k) => (Math.hypot((k % size) - size / 2, Math.floor(k / size) - size / 2) < size / 3 ? 60 : -1000));
    const metadata = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: uid(), Modality: 'CT', ...study,
      Rows: size, Columns: size, BitsAllocated: 16, BitsStored: 16, HighBit: 15, PixelRepresentation: 1, SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2', ImagePositionPatient: [0, 0, -i], ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [1, 1], SliceThickness: 1, RescaleIntercept: 0, RescaleSlope: 1, WindowCenter: 40, WindowWidth: 400,
      InstanceNumber: i + 1, SeriesNumber: 1,
    };
    const meta = {
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, MediaStorageSOPClassUID: metadata.SOPClassUID,
      MediaStorageSOPInstanceUID: metadata.SOPInstanceUID, TransferSyntaxUID: '1.2.840.10008.1.2.1', ImplementationClassUID: '2.25.1',
    };
    const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = DicomMetaDictionary.denaturalizeDataset({ ...metadata, _vrMap: { PixelData: 'OW' }, PixelData: [px.buffer] });
    const id = randomUUID();
    await writeFile(path.join(dir, id), Buffer.from(dict.write()));
    instances.push({ id, metadata });
  }
  return { StudyInstanceUID: study.StudyInstanceUID, PatientName: 'Test^Phantom', PatientID: 'T1', StudyDate: '20261101',
    Modalities: 'CT', NumInstances: slices, series: [{ SeriesInstanceUID: study.SeriesInstanceUID, Modality: 'CT', SeriesNumber: 1, instances }] };
}

export interface Harness {
  portalOrigin: string;
  s3Origin: string;
  log: { portal: string[]; s3: string[]; refreshes: number; s3Rejected: number; preflights: number };
  close(): Promise<void>;
}

const AMZ = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, 'localhost', () => resolve((server.address() as AddressInfo).port)));

/** Link ids choose the manifest: `fresh` (valid URLs) or `expired` (signed an hour ago). */
export async function startHarness(publicDir: string, dataDir: string, study: TestStudy): Promise<Harness> {
  const secret = randomUUID();
  const log: Harness['log'] = { portal: [], s3: [], refreshes: 0, s3Rejected: 0, preflights: 0 };
  const portal = http.createServer();
  const s3 = http.createServer();
  const portalOrigin = `http://localhost:${await listen(portal)}`;
  const s3Origin = `http://localhost:${await listen(s3)}`;
  const sign = (p: string, q: URLSearchParams) => createHmac('sha256', secret).update(`${p}?${q}`).digest('hex');
  const presign = (id: string, signedAt: number) => {
    const p = `/scanshare/instances/${id}`;
    const q = new URLSearchParams({ 'X-Amz-Date': AMZ(signedAt), 'X-Amz-Expires': '300' });
    q.set('X-Amz-Signature', sign(p, q));
    return `${s3Origin}${p}?${q}`;
  };
  const rules = viewerHeaders(s3Origin).map((r) => ({ match: getPathMatch(r.source, { strict: true }), headers: r.headers }));
  const fallback = viewerRewrites.fallback.map((r) => ({ match: getPathMatch(r.source, { strict: true }), dest: r.destination }));
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.woff2': 'font/woff2' };

  portal.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', portalOrigin);
    log.portal.push(url.pathname);
    let m = /^\/api\/links\/(fresh|expired)\/studies\/[^/]+\/manifest$/.exec(url.pathname);
    if (m) {
      const signedAt = m[1] === 'expired' ? Date.now() - 3600_000 : Date.now();
      const series = study.series.map((s) => ({ ...s, instances: s.instances.map((i) => ({ metadata: i.metadata, url: `dicomweb:${presign(i.id, signedAt)}` })) }));
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify({ studies: [{ ...study, series }] }));
    }
    m = /^\/api\/links\/[^/]+\/instances\/([^/]+)\/object$/.exec(url.pathname);
    if (m) {
      log.refreshes += 1;
      res.writeHead(302, { location: presign(decodeURIComponent(m[1] ?? ''), Date.now()) });
      return res.end();
    }
    for (const rule of rules) if (rule.match(url.pathname)) for (const h of rule.headers) res.setHeader(h.key, h.value);
    let file = path.join(publicDir, path.normalize(decodeURIComponent(url.pathname)));
    let info = file.startsWith(path.join(publicDir, 'viewer')) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      const fb = fallback.find((f) => f.match(url.pathname));
      if (!fb) return res.writeHead(404).end();
      file = path.join(publicDir, fb.dest);
      info = await stat(file);
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
    createReadStream(file).pipe(res);
  });

  s3.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', s3Origin);
    if (req.headers.origin === portalOrigin) res.setHeader('access-control-allow-origin', portalOrigin);
    if (req.method === 'OPTIONS') {
      log.preflights += 1;
      return res.writeHead(204, { 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '' }).end();
    }
    log.s3.push(url.pathname);
    const q = new URLSearchParams(url.searchParams);
    q.delete('X-Amz-Signature');
    const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get('X-Amz-Date') ?? '');
    const expires = d ? Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!) + Number(q.get('X-Amz-Expires')) * 1000 : 0;
    const id = /^\/scanshare\/instances\/([0-9a-f-]{36})$/.exec(url.pathname)?.[1];
    if (!id || url.searchParams.get('X-Amz-Signature') !== sign(url.pathname, q) || Date.now() > expires) {
      log.s3Rejected += 1;
      return res.writeHead(403).end();
    }
    const file = path.join(dataDir, id);
    res.writeHead(200, { 'content-type': 'application/dicom', 'content-length': (await stat(file)).size });
    createReadStream(file).pipe(res);
  });

  const close = (server: http.Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return { portalOrigin, s3Origin, log, close: async () => { await Promise.all([close(portal), close(s3)]); } };
}
