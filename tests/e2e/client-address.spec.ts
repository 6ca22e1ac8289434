// The audit trail's client address, through a real reverse proxy (Debian nginx in
// front of the production build) and around it: only the hop the trusted proxy
// appended is believed (the test portal trusts 127.0.0.2, the proxy's own address);
// what a client writes into X-Forwarded-For or X-Real-IP, spreadsheet formulas
// included, is never stored. Covers a page, a server action and a route handler.
import { test, expect } from '@playwright/test';
import http from 'node:http';
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/auth/actors';
import { ingestSmallStudy } from '../support/generated-study';
import { auditRowsFor } from '../support/audit-rows';
import { startReverseProxy, type ReverseProxy } from '../support/reverse-proxy';
import { Recipient } from '../pages/recipient';

const appPort = Number(process.env.TEST_APP_PORT ?? 23000);
const proxyPort = Number(process.env.TEST_PROXY_PORT ?? appPort + 70);
const formula = "=cmd|' /C calc'!A0";
/** A client on the far side of the proxy, on an address of its own. */
const outsideClient = '127.0.0.3';

let staff: StaffActor;
let studyId: string;
let proxy: ReverseProxy;

test.beforeAll(async () => {
  staff = await seedDemoAccounts();
  studyId = (await ingestSmallStudy(staff)).studyId;
  proxy = await startReverseProxy(proxyPort, appPort);
});
test.afterAll(async () => {
  await proxy?.stop();
});

const issue = () => createShareLink(staff, { studyIds: [studyId], expiresInDays: 1, accessCheck: 'code' }, noRequestContext);
const tokenOf = (url: string) => url.split('/s/')[1]!;

/** A revoked link: opening it writes exactly one SHARE_LINK_REJECTED row, whose address we read. */
async function revokedLink() {
  const link = await issue();
  await revokeShareLink(staff, link.shareLinkId, noRequestContext);
  return link;
}

/**
 * GET with chosen headers from a chosen local address (node:http; a browser cannot pick its address),
 * following the one redirect that takes a token out of the address bar (/s/<token> → /s/open, with its cookie).
 */
function get(url: string, headers: Record<string, string>, localAddress = '127.0.0.1', redirects = 1): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, localAddress }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 303 && res.headers.location && redirects > 0) {
          const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
          resolve(get(new URL(res.headers.location, url).toString(), { ...headers, cookie }, localAddress, redirects - 1));
        } else resolve(res.statusCode!);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The distinct addresses on one link's rows of a type (a page may record its refusal more than once). */
async function clientIpsOf(type: string, shareLinkId: string): Promise<Array<string | null>> {
  return [...new Set((await auditRowsFor({ subjectId: shareLinkId })).filter((r) => r.type === type).map((r) => r.clientIp))];
}

test('[AUDIT-IP] through the proxy, the address the proxy saw is stored, not the X-Forwarded-For or X-Real-IP the client wrote', async () => {
  const link = await revokedLink();
  const status = await get(`http://127.0.0.1:${proxy.port}/s/${tokenOf(link.url)}`, { 'X-Forwarded-For': `${formula}, 6.6.6.6`, 'X-Real-IP': '6.6.6.6' }, outsideClient);
  expect(status).toBe(404);
  expect(await clientIpsOf('SHARE_LINK_REJECTED', link.shareLinkId)).toEqual([outsideClient]);
});

test('[AUDIT-IP] straight to the portal, spoofed X-Forwarded-For and X-Real-IP are not believed: the socket peer is stored', async () => {
  const attempts: Array<Record<string, string>> = [{ 'X-Forwarded-For': formula }, { 'X-Forwarded-For': '203.0.113.9, 127.0.0.2', 'X-Real-IP': '203.0.113.9' }, { 'X-Real-IP': formula }];
  for (const spoofed of attempts) {
    const link = await revokedLink();
    const status = await get(`http://127.0.0.1:${appPort}/s/${tokenOf(link.url)}`, spoofed, outsideClient);
    expect(status).toBe(404);
    expect(await clientIpsOf('SHARE_LINK_REJECTED', link.shareLinkId), JSON.stringify(spoofed)).toEqual([outsideClient]);
  }
});

test('[AUDIT-IP] a browser through the proxy: its page, server action and route handler rows carry its own address', async ({ browser }) => {
  const link = await issue();
  // Chromium connects from 127.0.0.1 and claims another address in every request.
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '6.6.6.6', 'X-Real-IP': '6.6.6.6' } });
  const recipient = new Recipient(await context.newPage());
  await recipient.open(`${proxy.origin}/s/${tokenOf(link.url)}`);
  await recipient.answer(link.accessCode!); // a server action
  await expect(recipient.sharedStudies()).toHaveCount(1); // the page /links/<id>
  const manifest = await recipient.page.request.get(`${proxy.origin}/api/links/${link.shareLinkId}/studies/${studyId}/manifest`); // a route handler
  expect(manifest.status()).toBe(200);
  expect(await clientIpsOf('SHARE_LINK_OPENED', link.shareLinkId)).toEqual(['127.0.0.1']);
  const rows = await auditRowsFor({ actorId: link.shareLinkId });
  const byType = (type: string) => [...new Set(rows.filter((r) => r.type === type).map((r) => r.clientIp))];
  expect(byType('SHARED_STUDIES_LISTED')).toEqual(['127.0.0.1']);
  expect(byType('STUDY_VIEWED')).toEqual(['127.0.0.1']);
  await context.close();
});
