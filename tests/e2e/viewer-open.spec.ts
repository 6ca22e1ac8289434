// "View" opens the study in the viewer that the recipient pages boot in the
// background, whenever the press comes: before the viewer has loaded, or in the
// very moment it finishes loading (the viewer starts on the page's own main
// thread, so a press can be handled before the page has re-rendered after the
// load; that once left the viewer on its empty start page).
import { test, expect, type Browser, type Frame, type Page } from '@playwright/test';
import { Recipient } from '../pages/recipient';
import { waitForRenderedImage } from '../pages/viewer-canvas';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
});

/** Holds the background viewer's page (/viewer/) until the returned function is called. */
async function holdViewerPage(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/viewer\/$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

async function expectStudyInViewer(page: Page, studyId: string) {
  await expect(page.locator('iframe.viewer-frame')).toBeVisible();
  const isStudyViewer = (f: Frame) => f.url().includes('/viewer/viewer/dicomjson') && f.url().includes(studyId);
  await expect.poll(() => page.frames().some(isStudyViewer), { timeout: 30_000 }).toBe(true);
  expect(await waitForRenderedImage(page.frames().find(isStudyViewer)!, 60_000), 'a rendered image in the viewer').not.toBeNull();
}

/** A recipient past the access check, on the study list, with the background viewer's page held back. */
async function studyListWithViewerHeld(browser: Browser) {
  const link = await newLink();
  const context = await browser.newContext();
  const page = await context.newPage();
  const recipient = new Recipient(page);
  const release = await holdViewerPage(page);
  await recipient.open(link.url);
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
  return { link, context, page, recipient, release };
}

test('[VIEWER] View pressed in the same moment the background viewer finishes loading opens the study', async ({ browser }) => {
  const { link, context, page, release } = await studyListWithViewerHeld(browser);
  await expect(page.locator('iframe.viewer-frame')).toBeAttached();
  // Press View from inside the viewer's load event, after the page's own load
  // handler (registered first, when React created the iframe) and before any
  // re-render it asked for.
  await page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe.viewer-frame')!;
    frame.addEventListener('load', () => document.querySelector<HTMLAnchorElement>('[data-testid="shared-study"] a')!.click(), { once: true });
  });
  release();
  await expectStudyInViewer(page, link.studyId);
  await context.close();
});

test('[VIEWER] View pressed before the background viewer has loaded opens the study once it has', async ({ browser }) => {
  const { link, context, page, recipient, release } = await studyListWithViewerHeld(browser);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).click();
  release();
  await expectStudyInViewer(page, link.studyId);
  await context.close();
});
