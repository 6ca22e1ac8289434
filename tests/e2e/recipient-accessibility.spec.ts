// The patient's pages are accessible (axe-core: no serious or critical WCAG 2
// A/AA violations, in English and Spanish), work by keyboard alone, and fit a
// 375 px phone without sideways scrolling. Screenshots: tests/support/screenshot-path.ts.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { Recipient } from '../pages/recipient';
import { seriousAxeViolations } from '../support/axe';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';
import { screenshotPath } from '../support/screenshot-path';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
});

const otherCode = (code: string) => (code === '12345678' ? '87654321' : '12345678');

/** Presses Tab until `target` has focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 25) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

for (const [lang, locale] of [['en', 'en-US'], ['es', 'es-ES']] as const) {
  test(`[A11Y] access check, study list, link history, viewer page and not-found have no serious axe violations (${lang})`, async ({ browser }) => {
    const link = await newLink();
    const context = await browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale } });
    const recipient = new Recipient(await context.newPage());
    const page = recipient.page;
    const expectClean = async (what: string) => expect(await seriousAxeViolations(page), what).toEqual([]);

    await recipient.open(link.url);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expectClean('access check');
    await recipient.answer(otherCode(link.code));
    await expect(page.locator('main').getByRole('alert')).toBeVisible();
    await expectClean('access check with a refusal');
    await recipient.answer(link.code);
    await expect(recipient.sharedStudies()).toHaveCount(1);
    await expectClean('study list');
    await page.goto(`/links/${link.shareLinkId}/history`);
    await expect(page.getByTestId('link-history')).toBeVisible();
    await expectClean('link history');
    await page.goto(`/links/${link.shareLinkId}/studies/${link.studyId}`);
    await expectClean('viewer page');
    await page.goto('/s/not-a-token');
    await expectClean('not-found page');
  });
}

test('[A11Y] by keyboard alone: skip to the form, pass the access check, open View, download, and come back', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(link.url);

  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Access code')).toBeFocused();
  await page.keyboard.type(link.code);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/links\/[0-9a-f-]{36}$/);

  const study = page.getByTestId('shared-study');
  const view = study.getByRole('link', { name: /^View/ });
  await tabTo(page, view);
  expect(await view.evaluate((el) => getComputedStyle(el).outlineStyle), 'focus is visible').not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator('.viewer-overlay.open')).toBeVisible();
  await expect(page).toHaveURL(/\/studies\/[0-9a-f-]{36}$/);
  const back = page.locator('.viewer-bar').getByRole('button', { name: '← All shared studies' });
  await expect(back, 'focus moves into the viewer').toBeFocused();

  await page.keyboard.press('Tab');
  const download = page.locator('.viewer-bar').getByRole('link', { name: /^Download/ });
  await expect(download).toBeFocused();
  const downloaded = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await downloaded).suggestedFilename()).toMatch(/^scanshare-study-[\d-]+\.zip$/);

  await page.keyboard.press('Shift+Tab');
  await expect(back).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.viewer-overlay.open')).toHaveCount(0);
  await expect(view, 'focus returns to the View that opened the viewer').toBeFocused();

  await tabTo(page, study.getByRole('link', { name: /^Download/ }));
  const again = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await again).suggestedFilename()).toMatch(/\.zip$/);
});

/** Visible targets people tap that are smaller than 44 × 44 px. */
function smallTargets(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('a.button, button, input, .text-link, .language-switch button'))
      .filter((el) => el.offsetParent !== null && !el.closest('.viewer-overlay'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ el, box }) => `${el.textContent?.trim() || el.id}: ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

test('[MOBILE] at 375 px every recipient page fits the width and its targets are at least 44 px', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES' } });
  const recipient = new Recipient(await context.newPage());
  const page = recipient.page;
  const expectFits = async (what: string) => {
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${what}: no sideways scrolling`).toBeLessThanOrEqual(375);
    expect(await smallTargets(page), `${what}: targets ≥ 44 px`).toEqual([]);
  };

  await recipient.open(link.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estudios de imagen compartidos con usted');
  await expectFits('access check (es)');
  await page.screenshot({ path: screenshotPath('access-check-es-375.png') });

  await recipient.chooseLanguage('English');
  await recipient.answer(otherCode(link.code));
  await recipient.expectRefused(/4 attempts left/);
  await expectFits('access check with a refusal');
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
  await expectFits('study list');
  await page.screenshot({ path: screenshotPath('patient-375.png'), fullPage: true });

  await page.goto(`/links/${link.shareLinkId}/history`);
  await expect(page.getByTestId('link-history')).toBeVisible();
  await expectFits('link history');
  await page.goto(`/links/${link.shareLinkId}/studies/${link.studyId}`);
  await expectFits('viewer page');
  await page.goto('/s/not-a-token');
  await expectFits('not-found page');
});
