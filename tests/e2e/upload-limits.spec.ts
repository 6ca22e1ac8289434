// The upload routes refuse early, over real HTTP to the production build (issue 18,
// section 3): 500 MB of zeros sent chunked to /api/uploads (staff) and to an upload
// link's /files is answered 422 long before it is all sent, and a declared length over
// the limit is answered 413 before any body; the store holds no new object either way.
// The limits and the abort of a refused multipart upload are covered in depth in
// tests/integration/ingest/upload-limits.test.ts.
import { test, expect } from '@playwright/test';
import http from 'node:http';
import { seedDemoAccounts } from '@/db/seed';
import { uploadSessionCookieName } from '@/lib/http/upload-session-cookie';
import { StaffConsole } from '../pages/staff-console';
import { ingestSmallStudy } from '../support/generated-study';
import { listKeys } from '../support/s3-objects';
import { localS3Footprint } from '../support/upload-bodies';
import { openUploadLinkAsUploader, patientRefOfStudy } from '../support/upload-link';

type Sent = { status: number; body: string; bytesSent: number };

/** POSTs `totalBytes` of zeros, chunked unless `declare` is set, and stops sending once the answer arrives. */
function sendZeros(url: string, cookie: string, totalBytes: number, declare?: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const headers: Record<string, string> = { cookie, 'content-type': 'application/octet-stream' };
    if (declare !== undefined) headers['content-length'] = String(declare);
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, bytesSent });
      });
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    if (declare !== undefined) {
      req.flushHeaders(); // the headers alone must be enough (Node's client holds them until the first write)
      return;
    }
    const chunk = Buffer.alloc(256 * 1024);
    const pump = () => {
      while (!answered && bytesSent < totalBytes) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function store() {
  return { keys: [...(await listKeys('instances/')), ...(await listKeys('quarantine/'))].sort(), disk: localS3Footprint() };
}

const zeros = 500 * 1000 * 1000;

test('[UPLOAD] 500 MB of zeros is refused from its first kilobytes and a declared 3 GiB with 413, on the staff route and an upload link; nothing is stored', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new StaffConsole(page).signInAsDemoFrontDesk();
  const staffCookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  const staff = await seedDemoAccounts();
  const { sessionSecret, link } = await openUploadLinkAsUploader(staff, await patientRefOfStudy((await ingestSmallStudy(staff)).studyId));
  const linkCookie = `${uploadSessionCookieName()}=${sessionSecret}`;

  const routes = [
    { url: `${baseURL}/api/uploads?name=zeros.bin`, cookie: staffCookie },
    { url: `${baseURL}/api/upload-links/${link.uploadLinkId}/files`, cookie: linkCookie },
  ];
  for (const route of routes) {
    const before = await store();
    const refused = await sendZeros(route.url, route.cookie, zeros);
    expect(refused.status, refused.body).toBe(422);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 'rejected', reason: 'not_dicom' });
    expect(refused.bytesSent, 'answered long before the 500 MB were sent').toBeLessThan(64 * 1024 * 1024);
    test.info().annotations.push({ type: 'bytes sent before the refusal', description: `${new URL(route.url).pathname}: ${refused.bytesSent}` });

    const tooLarge = await sendZeros(route.url, route.cookie, 0, 3 * 1024 ** 3);
    expect(tooLarge.status, tooLarge.body).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('payload_too_large:upload_file');
    expect(await store()).toEqual(before);
  }
  await context.close();
});
