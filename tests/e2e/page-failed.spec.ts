// When an action cannot reach the server (the network drops as the button is
// pressed), the page says so in plain words, in the page's language, and offers a
// reload; it does not fall to Next's bare "Application error". The request is
// aborted in the browser, so the server never sees it.
import { test, expect, type Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { Recipient } from '../pages/recipient';
import { StaffConsole } from '../pages/staff-console';
import { ingestSmallStudy } from '../support/generated-study';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;
let studyId: string;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
  studyId = (await ingestSmallStudy(await seedDemoAccounts())).studyId;
});

/** The next form post from this page fails as a dropped connection would. */
async function dropNextPost(page: Page) {
  let dropped = false;
  await page.route('**/*', async (route) => {
    if (dropped || route.request().method() !== 'POST') return route.fallback();
    dropped = true;
    await route.abort('connectionreset');
  });
}

test('[FORMS] an access check that never reached the server says so in Spanish and the reload lets the recipient in', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ locale: 'es-ES' });
  const recipient = new Recipient(await context.newPage());
  await recipient.open(link.url);
  await expect(recipient.page.getByRole('button', { name: 'Continuar' })).toBeEnabled();
  await dropNextPost(recipient.page);
  await recipient.answer(link.code);
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Esta página dejó de funcionar');
  await expect(recipient.page.locator('main').getByRole('alert')).toContainText('Puede que lo último que hizo no nos haya llegado.');

  await recipient.page.getByRole('button', { name: 'Volver a cargar la página' }).click();
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
  await context.close();
});

test('[FORMS] a share link that could not be created says so, and the reload shows the study page again', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new StaffConsole(page).signInAsDemoFrontDesk();
  await page.goto(`/studies/${studyId}`);
  const create = page.getByRole('button', { name: 'Create share link' });
  await expect(create).toBeEnabled();
  await dropNextPost(page);
  await create.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page stopped working');
  await expect(page.locator('main').getByRole('alert')).toContainText('may not have reached the server');

  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByRole('heading', { name: 'Share with a link' })).toBeVisible();
  await context.close();
});
