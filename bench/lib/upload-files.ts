// Sends files from disk to the real upload route the way the browser uploader
// does (app/(staff)/upload/upload-queue.ts): one raw body per file, 4 at a time,
// each streamed from disk so the bench never holds a study in memory.
import fs from 'node:fs';
import path from 'node:path';
import { keepAliveAgent, request } from './http-client';

export type UploadRun = { files: number; bytes: number; ms: number; statuses: Record<string, number>; studyIds: string[] };

export async function uploadFiles(baseUrl: string, staffCookie: string, files: readonly string[], concurrency = 4): Promise<UploadRun> {
  const agent = keepAliveAgent(concurrency);
  const statuses: Record<string, number> = {};
  const studyIds = new Set<string>();
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const size = fs.statSync(file).size;
      const res = await request(`${baseUrl}/api/uploads?name=${encodeURIComponent(path.basename(file))}`, {
        method: 'POST',
        agent,
        headers: { cookie: staffCookie, 'content-type': 'application/octet-stream', 'content-length': size },
        body: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
        keepBody: true,
      });
      let status = `http-${res.status}`;
      try {
        const body = JSON.parse(res.body ?? '') as { status?: string; studyId?: string };
        if (body.status) status = body.status;
        if (body.studyId) studyIds.add(body.studyId);
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
  return { files: files.length, bytes, ms, statuses, studyIds: [...studyIds] };
}
