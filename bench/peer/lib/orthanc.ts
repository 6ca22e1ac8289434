// The peer: Debian's Orthanc 1.10 with its DICOMweb plugin, started with a
// generated configuration and its own storage folder under a temp dir. Orthanc
// 1.10 binds every interface (it has no listen-address option), so it is only
// ever started inside the bench's private network namespace (see netns.ts),
// where "every interface" is the namespace's own loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { keepAliveAgent, request } from '../../lib/http-client';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export type OrthancOptions = {
  dir: string;
  httpPort: number;
  dicomPort: number;
  /** Debian 1.10 ships `HttpCompressionEnabled: true`; upstream defaults to false since 1.12.2. */
  httpCompression: boolean;
};

export type Orthanc = {
  url: string;
  dicomPort: number;
  pid: number;
  config: Record<string, unknown>;
  versions: { orthanc: string; dicomweb: string | null };
  stop(): Promise<void>;
};

/** The configuration written to <dir>/orthanc.json: Orthanc's defaults except where named. */
export function orthancConfig(o: OrthancOptions): Record<string, unknown> {
  const storage = path.join(o.dir, 'storage');
  return {
    Name: 'PEER',
    StorageDirectory: storage,
    IndexDirectory: storage,
    Plugins: [DICOMWEB_PLUGIN],
    HttpPort: o.httpPort,
    DicomPort: o.dicomPort,
    DicomAet: 'PEER',
    // Loopback clients only (Orthanc's own check, on top of the private namespace).
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    HttpCompressionEnabled: o.httpCompression,
    TcpNoDelay: true, // HTTP; DICOM's TCP_NODELAY comes from the environment (DCMTK), see startOrthanc
    KeepAlive: true,
    DicomAlwaysAllowStore: true,
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true, WadoRoot: '/wado', Ssl: false },
  };
}

async function waitUntilUp(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-800)}`);
    const r = await request(`${url}/system`, { keepBody: true, timeoutMs: 1_000 }).catch(() => null);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`Orthanc did not answer on ${url} within 30 s; log: ${logFile}`);
}

export async function startOrthanc(o: OrthancOptions): Promise<Orthanc> {
  fs.mkdirSync(path.join(o.dir, 'storage'), { recursive: true });
  const config = orthancConfig(o);
  const configFile = path.join(o.dir, 'orthanc.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(o.dir, `orthanc-${o.httpCompression ? 'gzip' : 'plain'}.log`);
  const out = fs.openSync(logFile, 'a');
  // Debian's DCMTK leaves Nagle on unless TCP_NODELAY is set in the environment
  // ("disabling Nagle algorithm as requested at runtime"): set it, as the
  // Orthanc book advises for DICOM throughput.
  const child = spawn(ORTHANC_BINARY, [configFile], { env: { ...process.env, TCP_NODELAY: '1' }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const url = `http://127.0.0.1:${o.httpPort}`;
  try {
    await waitUntilUp(url, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const system = JSON.parse((await request(`${url}/system`, { keepBody: true })).body!) as { Version: string };
  const plugin = await request(`${url}/plugins/dicom-web`, { keepBody: true });
  const dicomweb = plugin.status === 200 ? (JSON.parse(plugin.body!) as { Version?: string }).Version ?? null : null;
  return {
    url,
    dicomPort: o.dicomPort,
    pid: child.pid!,
    config,
    versions: { orthanc: system.Version, dicomweb },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export type PeerUploadRun = { files: number; bytes: number; ms: number; statuses: Record<string, number> };

/** POST /instances, one raw file per request, `concurrency` in flight, streamed from disk. */
export async function restUpload(orthancUrl: string, files: readonly string[], concurrency = 4): Promise<PeerUploadRun> {
  const agent = keepAliveAgent(concurrency);
  const statuses: Record<string, number> = {};
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const size = fs.statSync(file).size;
      const res = await request(`${orthancUrl}/instances`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/dicom', 'content-length': size },
        body: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
        keepBody: true,
      });
      let status = `http-${res.status}`;
      try {
        status = (JSON.parse(res.body ?? '') as { Status?: string }).Status ?? status;
      } catch {
        // not JSON: counted under its HTTP status
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      bytes += size;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  agent.destroy();
  return { files: files.length, bytes, ms, statuses };
}

/** A multipart/related body of Part-10 files, streamed from disk. */
function multipartBody(files: readonly string[], boundary: string): { body: Readable; length: number } {
  const head = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const sep = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = files.reduce((n, f) => n + head.length + fs.statSync(f).size + sep.length, 0) + tail.length;
  async function* parts() {
    for (const f of files) {
      yield head;
      for await (const chunk of fs.createReadStream(f, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
      yield sep;
    }
    yield tail;
  }
  return { body: Readable.from(parts()), length };
}

/** STOW-RS: POST /dicom-web/studies with `batch` instances per request, `concurrency` requests in flight. */
export async function stowUpload(orthancUrl: string, files: readonly string[], batch = 10, concurrency = 4): Promise<PeerUploadRun> {
  const agent = keepAliveAgent(concurrency);
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batch) batches.push(files.slice(i, i + batch));
  const statuses: Record<string, number> = {};
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches.length) {
      const group = batches[next++]!;
      const boundary = `scanshare-bench-${next}-${Date.now()}`;
      const { body, length } = multipartBody(group, boundary);
      const res = await request(`${orthancUrl}/dicom-web/studies`, {
        method: 'POST',
        agent,
        headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, 'content-length': length, accept: 'application/dicom+json' },
        body,
        keepBody: true,
      });
      const key = `http-${res.status}`;
      statuses[key] = (statuses[key] ?? 0) + group.length;
      bytes += group.reduce((n, f) => n + fs.statSync(f).size, 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  agent.destroy();
  return { files: files.length, bytes, ms, statuses };
}

/** Orthanc's own id of a study, from its StudyInstanceUID (POST /tools/lookup). */
export async function orthancStudyId(orthancUrl: string, studyInstanceUid: string): Promise<string | null> {
  const res = await request(`${orthancUrl}/tools/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(studyInstanceUid) },
    body: Readable.from([Buffer.from(studyInstanceUid)]),
    keepBody: true,
  });
  const hits = JSON.parse(res.body ?? '[]') as Array<{ Type: string; ID: string }>;
  return hits.find((h) => h.Type === 'Study')?.ID ?? null;
}

export async function deleteStudy(orthancUrl: string, studyInstanceUid: string): Promise<void> {
  const id = await orthancStudyId(orthancUrl, studyInstanceUid);
  if (!id) return;
  const res = await request(`${orthancUrl}/studies/${id}`, { method: 'DELETE', keepBody: true, timeoutMs: 120_000 });
  if (res.status !== 200) throw new Error(`DELETE /studies/${id} answered ${res.status}`);
}

export async function countInstances(orthancUrl: string, studyInstanceUid: string): Promise<number> {
  const id = await orthancStudyId(orthancUrl, studyInstanceUid);
  if (!id) return 0;
  const res = await request(`${orthancUrl}/studies/${id}/instances`, { keepBody: true });
  return (JSON.parse(res.body ?? '[]') as unknown[]).length;
}
