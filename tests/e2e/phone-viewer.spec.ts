// A patient on a 390×844 phone (touch, mobile emulation) opens a real share link
// and sees the image: the canvas fills the screen, shows real pixels, opens on the
// middle slice of the first series, and a one-finger swipe moves through the
// slices. Touches are real input events (CDP Input.dispatchTouchEvent), not
// synthetic DOM events. On the OHIF desktop layout this failed: its canvas was
// ~40 px wide at this size, under the study browser.
import { test, expect, type Page } from '@playwright/test';
import { Recipient } from '../pages/recipient';
import { canvasPixels, frameWithRenderedImage, largestImageCanvas } from '../pages/viewer-canvas';
import { seriousAxeViolations } from '../support/axe';
import { patientLinkToPhoneStudy } from '../support/share-link-for-tests';

const PHONE = { width: 390, height: 844 };
const SLICES = 21;
test.use({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 3 });

let newLink: Awaited<ReturnType<typeof patientLinkToPhoneStudy>>;
test.beforeAll(async () => {
  newLink = await patientLinkToPhoneStudy(SLICES);
});

/** A one-finger vertical drag from the middle of `box`, in real touch events. */
async function swipe(page: Page, box: { x: number; y: number; width: number; height: number }, dy: number) {
  const cdp = await page.context().newCDPSession(page);
  const x = box.x + box.width / 2;
  const y0 = box.y + box.height / 2 - dy / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let step = 1; step <= 12; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + (dy * step) / 12 }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Two fingers moving apart from the middle of `box` (a pinch outwards), in real touch events. */
async function pinchOut(page: Page, box: { x: number; y: number; width: number; height: number }, spread: number) {
  const cdp = await page.context().newCDPSession(page);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const fingers = (d: number) => [{ x, y: y - 40 - d, id: 1 }, { x, y: y + 40 + d, id: 2 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(0) });
  for (let step = 1; step <= 12; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers((spread * step) / 12) });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const sliceIndex = (page: Page) => page.getByTestId('phone-viewer-slice').getAttribute('data-slice-index').then((v) => (v === null ? null : Number(v)));

test('[VIEWER] on a 390×844 phone the image fills the screen, opens on the middle slice, and a swipe scrolls the slices', async ({ page }) => {
  const link = await newLink();
  const recipient = new Recipient(page);
  await recipient.open(link.url);
  await recipient.answer(link.code);
  const tapped = Date.now();
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).tap();

  const frame = await frameWithRenderedImage(page, 60_000);
  expect(frame, 'a rendered image').not.toBeNull();
  const firstImageMs = Date.now() - tapped;
  const found = await largestImageCanvas(page);
  expect(found).not.toBeNull();
  const { box } = found!;
  console.log(`[phone viewer] first image ${firstImageMs} ms after View; canvas ${Math.round(box.width)}×${Math.round(box.height)} at (${Math.round(box.x)}, ${Math.round(box.y)}) in ${PHONE.width}×${PHONE.height}`);
  expect(box.width, `canvas width ${box.width} of ${PHONE.width}`).toBeGreaterThanOrEqual(0.9 * PHONE.width);
  expect(box.height, `canvas height ${box.height} of ${PHONE.height}`).toBeGreaterThanOrEqual(0.6 * PHONE.height);
  expect(box.x).toBeGreaterThanOrEqual(-1);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height + 1);

  const before = await canvasPixels(frame!);
  expect(before.distinctLevels, 'a real image has many grey levels').toBeGreaterThan(20);
  await expect(page.getByTestId('phone-viewer-slice')).toHaveText(`Image ${Math.floor(SLICES / 2) + 1} of ${SLICES}`);
  expect(await sliceIndex(page)).toBe(Math.floor(SLICES / 2));

  // Like a drag in OHIF and the mouse wheel: down goes on (higher slice numbers), up goes back.
  await swipe(page, box, 300);
  await expect.poll(() => sliceIndex(page), { message: 'a swipe down shows a later slice' }).toBeGreaterThan(Math.floor(SLICES / 2));
  await expect.poll(async () => (await canvasPixels(frame!)).digest, { message: 'the canvas shows another slice' }).not.toBe(before.digest);
  const afterDown = (await sliceIndex(page))!;
  await swipe(page, box, -300);
  await expect.poll(() => sliceIndex(page), { message: 'a swipe up goes back' }).toBeLessThan(afterDown);
});

test('[VIEWER] on a phone the series picker opens the other series on its middle slice, and Back returns to the list', async ({ page }) => {
  const link = await newLink();
  const recipient = new Recipient(page);
  await recipient.open(link.url);
  await recipient.answer(link.code);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).tap();
  expect(await frameWithRenderedImage(page, 60_000)).not.toBeNull();
  await expect(page.getByTestId('phone-viewer-slice')).toHaveText(`Image ${Math.floor(SLICES / 2) + 1} of ${SLICES}`);
  expect(await seriousAxeViolations(page)).toEqual([]);

  const picker = page.getByRole('combobox', { name: 'Series' });
  await expect(picker.locator('option')).toHaveText([/^1\. .*\(21 images\)$/, /^2\. .*\(21 images\)$/]);
  await picker.selectOption({ index: 1 });
  await expect(page.getByTestId('phone-viewer-stage')).toHaveAttribute('aria-label', /^2\. .*Image 11 of 21/);

  await page.getByRole('button', { name: 'Close the viewer and go back to all shared studies' }).tap();
  await expect(page.getByTestId('phone-viewer-stage')).toHaveCount(0);
  await expect(recipient.sharedStudies()).toHaveCount(1);
});

test('[VIEWER] on a phone two fingers pinch to zoom, and in contrast mode a drag changes brightness, not the slice', async ({ page }) => {
  const link = await newLink();
  const recipient = new Recipient(page);
  await recipient.open(link.url);
  await recipient.answer(link.code);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).tap();
  const frame = await frameWithRenderedImage(page, 60_000);
  expect(frame).not.toBeNull();
  const { box } = (await largestImageCanvas(page))!;
  const middle = Math.floor(SLICES / 2);
  await expect.poll(() => sliceIndex(page)).toBe(middle);

  const unzoomed = await canvasPixels(frame!);
  await pinchOut(page, box, 150);
  await expect.poll(async () => (await canvasPixels(frame!)).digest, { message: 'the pinch zoomed the image' }).not.toBe(unzoomed.digest);
  expect(await sliceIndex(page), 'a pinch does not scroll').toBe(middle);

  const contrast = page.getByRole('button', { name: 'Brightness and contrast: drag to adjust' });
  await contrast.tap();
  await expect(contrast).toHaveAttribute('aria-pressed', 'true');
  const beforeDrag = await canvasPixels(frame!);
  await swipe(page, box, 250);
  await expect.poll(async () => (await canvasPixels(frame!)).digest, { message: 'the drag changed brightness/contrast' }).not.toBe(beforeDrag.digest);
  expect(await sliceIndex(page), 'in contrast mode a drag does not scroll').toBe(middle);

  await contrast.tap();
  await expect(contrast).toHaveAttribute('aria-pressed', 'false');
  await swipe(page, box, 300);
  await expect.poll(() => sliceIndex(page), { message: 'back in scroll mode a swipe scrolls again' }).toBeGreaterThan(middle);
});

test('[VIEWER] on a phone a viewer left open past its URLs still loads images: expiring URLs go through the refresh route', async ({ page }) => {
  test.setTimeout(180_000);
  const link = await newLink();
  const recipient = new Recipient(page);
  await recipient.open(link.url);
  await recipient.answer(link.code);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).tap();
  const frame = await frameWithRenderedImage(page, 60_000);
  expect(frame).not.toBeNull();
  const refreshed: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith(`/api/links/${link.shareLinkId}/instances/`)) refreshed.push(`${r.status()}`);
  });
  const first = await canvasPixels(frame!);

  // The test portal signs for 90 s; URLs within 60 s of expiry are re-signed.
  await page.waitForTimeout(31_000);
  await page.getByRole('combobox', { name: 'Series' }).selectOption({ index: 1 });
  await expect.poll(() => refreshed.length, { message: 'the second series was fetched through the refresh route' }).toBeGreaterThan(0);
  expect(refreshed.every((status) => status === '302')).toBe(true);
  await expect.poll(async () => (await canvasPixels(frame!)).digest, { message: 'the second series is shown' }).not.toBe(first.digest);
  expect((await canvasPixels(frame!)).distinctLevels).toBeGreaterThan(20);
  await expect(page.getByText('The images could not be shown')).toHaveCount(0);
});

test('[VIEWER] on a phone a JPEG Lossless study (as CDs often carry) is decoded in the worker and shown', async ({ page }) => {
  const jpegLink = await (await patientLinkToPhoneStudy(5, { series: 1, transferSyntax: 'jpeg-lossless' }))();
  const recipient = new Recipient(page);
  await recipient.open(jpegLink.url);
  await recipient.answer(jpegLink.code);
  await recipient.sharedStudies().first().getByRole('link', { name: /View/ }).tap();
  const frame = await frameWithRenderedImage(page, 60_000);
  expect(frame, 'a rendered image').not.toBeNull();
  expect((await canvasPixels(frame!)).distinctLevels).toBeGreaterThan(20);
  await expect(page.getByTestId('phone-viewer-slice')).toHaveText('Image 3 of 5');
});
