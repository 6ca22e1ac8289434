// "View" opens the study in the viewer that the recipient pages boot in the
// background, whenever the press comes: before the viewer has loaded, or in the
// very moment it finishes loading (the viewer starts on the page's own main
// thread, so a press can be handled before the page has re-rendered after the
// load; that once left the viewer on its empty start page).
import { test, expect, type Page } from '@playwright/test';
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
  const viewer = page.frameLocator('iframe.viewer-frame');
  await expect(page.locator('iframe.viewer-frame')).toBeVisible();
  await expect.poll(() => page.frames().some((f) => f.url().includes('/viewer/viewer/dicomjson') && f.url().includes(studyId)), { timeout: 30_000 }).toBe(true);
  const frame = page.frames().find((f) => f.url().includes('/viewer/viewer/dicomjson'))!;
  expect(await waitForRenderedImage(frame, 60_000), 'a rendered image in the viewer').not.toBeNull();
  await expect(viewer.locator('canvas.cornerstone-canvas').first()).toBeVisible();
}

test('[VIEWER] View pressed in the same moment the background viewer finishes loading opens the study', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext();
  const page = await context.newPage();
  const recipient = new Recipient(page);
  const release = await holdViewerPage(page);

  await recipient.open(link.url);
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
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
  const link = await newLink();
  const context = await browser.newContext();
  const page = await context.newPage();
  const recipient = new Recipient(page);
  const release = await holdViewerPage(page);

  await recipient.open(link.url);
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).click();
  release();
  await expectStudyInViewer(page, link.studyId);
  await context.close();
});
