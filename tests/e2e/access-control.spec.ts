// Negative paths in the browser, against the production build: every way a
// link can be wrong looks the same from outside (the not-found page, 404), and
// state that matters (the lock) lives in Postgres, so a restarted or second
// portal instance holds it too.
import { test, expect, type Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import type { StaffActor } from '@/lib/auth/actors';
import { ingestSmallStudy } from '../support/generated-study';
import { startPortal } from '../../scripts/lib/portal-process';
import { Recipient } from '../pages/recipient';
import { waitForRenderedImage } from '../pages/viewer-canvas';

let staff: StaffActor;
let studyId: string;
let otherStudyId: string;

test.beforeAll(async () => {
  staff = await seedDemoAccounts();
  studyId = (await ingestSmallStudy(staff, { kind: 'MR', series: 2, slices: 3, rows: 128, columns: 128 })).studyId;
  otherStudyId = (await ingestSmallStudy(staff)).studyId;
});

const issue = (expiresInDays = 1) => createShareLink(staff, { studyIds: [studyId], expiresInDays, accessCheck: 'code' }, noRequestContext);
const wrongCode = (code: string) => (code === '00000000' ? '11111111' : '00000000');

async function expectNotFoundPage(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This link is not available' })).toBeVisible();
}

test('[SHARE] a tampered token shows the same not-found page as an unknown one', async ({ page }) => {
  const link = await issue();
  const token = link.url.split('/s/')[1]!;
  await expectNotFoundPage(page, `/s/${(token[0] === 'A' ? 'B' : 'A') + token.slice(1)}`);
  await expectNotFoundPage(page, '/s/not-a-token');
});

test('[SHARE] a revoked link and an opened link after revocation both answer not found', async ({ browser }) => {
  const link = await issue();
  const context = await browser.newContext();
  const recipient = new Recipient(await context.newPage());
  await recipient.open(link.url);
  await recipient.answer(link.accessCode!);
  await expect(recipient.page).toHaveURL(/\/links\//);
  const linkPage = recipient.page.url();
  await revokeShareLink(staff, link.shareLinkId, noRequestContext);
  await expectNotFoundPage(recipient.page, linkPage);
  const manifest = await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${studyId}/manifest`);
  expect(manifest.status()).toBe(404);
  const download = await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${studyId}/download`);
  expect(download.status()).toBe(404);
  const refresh = await recipient.page.request.get(`/api/links/${link.shareLinkId}/instances/00000000-0000-4000-8000-000000000000/object`, { maxRedirects: 0 });
  expect(refresh.status()).toBe(404);
  await expectNotFoundPage(recipient.page, link.url);
});

test('[SHARE] the sixth attempt finds the link locked, and it stays locked on a freshly started portal instance', async ({ browser }) => {
  const link = await issue();
  const recipient = new Recipient(await (await browser.newContext()).newPage());
  await recipient.open(link.url);
  for (let left = 4; left >= 1; left--) {
    await recipient.answer(wrongCode(link.accessCode!));
    await recipient.expectRefused(new RegExp(`${left} attempts? left`));
  }
  await recipient.answer(wrongCode(link.accessCode!));
  await recipient.expectRefused(/now locked/);
  await expectNotFoundPage(recipient.page, link.url);

  // A restart: a new server process that shares nothing with the first but Postgres and S3.
  const second = await startPortal({ root: process.cwd(), port: Number(process.env.TEST_APP_PORT ?? 23000) + 1, env: process.env, quiet: true });
  try {
    const page = await (await browser.newContext()).newPage();
    await expectNotFoundPage(page, `${second.url}/s/${link.url.split('/s/')[1]}`);
  } finally {
    await second.stop();
  }
});

test("[VIEWER] a link session asking for another study's manifest or instances gets 404", async ({ browser }) => {
  const link = await issue();
  const recipient = new Recipient(await (await browser.newContext()).newPage());
  await recipient.open(link.url);
  await recipient.answer(link.accessCode!);
  await expect(recipient.page).toHaveURL(/\/links\//);
  const own = await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${studyId}/manifest`);
  expect(own.status()).toBe(200);
  const foreign = await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${otherStudyId}/manifest`);
  expect(foreign.status()).toBe(404);
  expect(await foreign.json()).toEqual({ error: { code: 'not_found:study', message: 'Not found.' } });

});

test('[VIEWER] a viewer left open past its URLs still loads images: expired URLs are re-signed through the portal', async ({ browser }) => {
  test.setTimeout(180_000);
  const link = await issue();
  const recipient = new Recipient(await (await browser.newContext()).newPage());
  await recipient.open(link.url);
  await recipient.answer(link.accessCode!);
  await recipient.sharedStudies().getByRole('link', { name: 'View' }).click();
  const frame = await (async () => {
    for (;;) {
      const f = recipient.page.frames().find((x) => x.url().includes('/viewer/viewer/dicomjson'));
      if (f) return f;
      await recipient.page.waitForTimeout(100);
    }
  })();
  expect(await waitForRenderedImage(frame)).not.toBeNull();
  const manifest = await (await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${studyId}/manifest`)).json();
  const oldUrl: string = manifest.studies[0].series[1].instances[0].url.slice('dicomweb:'.length);
  const oldDate = new URL(oldUrl).searchParams.get('X-Amz-Date');

  // The test portal signs for 90 s; the viewer re-signs within 60 s of expiry.
  await recipient.page.waitForTimeout(31_000);
  const result = await frame.evaluate(
    (url) =>
      new Promise<{ status: number; responseURL: string; bytes: number }>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', url, true);
        xhr.responseType = 'arraybuffer';
        xhr.onload = () => resolve({ status: xhr.status, responseURL: xhr.responseURL, bytes: (xhr.response as ArrayBuffer).byteLength });
        xhr.onerror = () => resolve({ status: 0, responseURL: '', bytes: 0 });
        xhr.send();
      }),
    oldUrl,
  );
  expect(result.status).toBe(200);
  expect(result.bytes).toBeGreaterThan(128 * 128 * 2);
  expect(new URL(result.responseURL).searchParams.get('X-Amz-Date')).not.toBe(oldDate);
});
