// A link's token is in the address bar for one request only: /s/<token> answers a
// redirect to /s/open (the token in a short-lived HttpOnly cookie), so it is in
// neither the browser's history nor the Referer of anything the pages load, with
// and without JavaScript; an upload link's /u/<token> the same.
import { test, expect, type Page } from '@playwright/test';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';
import { Recipient } from '../pages/recipient';

const tokenOf = (url: string) => url.split('/s/')[1]!;

let issue: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;
test.beforeAll(async () => {
  issue = await patientLinkToSmallStudy();
});

/** Every Referer the page's requests carried, and every URL it was at. */
function watch(page: Page) {
  const referers: string[] = [];
  const urls: string[] = [];
  page.on('request', (request) => {
    const referer = request.headers()['referer'];
    if (referer) referers.push(referer);
  });
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) urls.push(frame.url()); });
  return { referers, urls };
}

for (const javaScriptEnabled of [true, false]) {
  test(`[SHARE] the token leaves the address bar at the first request and is in no Referer or history (script ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const link = await issue();
    const token = tokenOf(link.url);
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    const seen = watch(page);
    const recipient = new Recipient(page);
    await recipient.open(link.url);
    expect(new URL(page.url()).pathname).toBe('/s/open');
    await expect(page.getByLabel(/Access code/)).toBeVisible();
    await recipient.answer(link.code);
    await expect(recipient.sharedStudies()).toHaveCount(1);
    expect(page.url()).not.toContain(token);
    // History: going back lands on the token-free page (or nowhere), never on /s/<token>.
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain(token);
    expect(seen.urls.filter((u) => u.includes(token))).toEqual([]);
    expect(seen.referers.filter((r) => r.includes(token))).toEqual([]);
    await page.context().close();
  });
}

test('[SHARE] a well-formed token that names no link lands on the not-found page, answered 404', async ({ request }) => {
  const res = await request.get(`/s/${'A'.repeat(43)}`);
  expect(new URL(res.url()).pathname).toBe('/s/open');
  expect(res.status()).toBe(404);
});
