// A form sent before the page's script has run (a slow phone, a press while the
// page is still loading) goes to the server as a plain POST. It must still work:
// the browser has to send this site's Origin (Next refuses a server action
// without one), so no referrer policy may turn it into `Origin: null`. Driven
// with JavaScript switched off, which is the same request every time.
import { test, expect } from '@playwright/test';
import { Recipient } from '../pages/recipient';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
});

test('[FORMS] without script, a wrong access code is refused in words and the right one opens the study list', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const recipient = new Recipient(await context.newPage());
  await recipient.open(link.url);

  const posts: { origin: string | undefined; status: number }[] = [];
  recipient.page.on('response', (res) => {
    if (res.request().method() === 'POST') posts.push({ origin: res.request().headers()['origin'], status: res.status() });
  });
  await recipient.answer(link.code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
  await recipient.expectRefused(/does not match\. 4 attempts left/);
  await recipient.answer(link.code);
  await expect(recipient.page).toHaveURL(new RegExp(`/links/${link.shareLinkId}$`));
  await expect(recipient.sharedStudies()).toHaveCount(1);

  const origin = new URL(recipient.page.url()).origin;
  expect(posts.map((p) => p.origin)).toEqual([origin, origin]);
  expect(posts.every((p) => p.status < 500), JSON.stringify(posts)).toBe(true);
  await context.close();
});
