// Recipient pages speak English or Spanish: chosen from the browser's
// Accept-Language, unless the visitor picked a language with the switch, which
// is remembered. Staff pages stay English.
import { test, expect } from '@playwright/test';
import { Recipient } from '../pages/recipient';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
});

test('[I18N] a browser asking for Spanish gets the access check, the study list and the link history in Spanish', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ locale: 'es-MX', extraHTTPHeaders: { 'Accept-Language': 'es-MX,es;q=0.9' } });
  const recipient = new Recipient(await context.newPage());
  await recipient.open(link.url);
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Estudios de imagen compartidos con usted');
  await expect(recipient.page.getByRole('link', { name: 'Saltar al contenido principal' })).toBeAttached();
  await recipient.answer(link.code === '12345678' ? '87654321' : '12345678');
  await recipient.expectRefused(/^Los datos no coinciden\. Le quedan 4 intentos\.$/);
  await recipient.answer(link.code);

  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Sus imágenes compartidas');
  await expect(recipient.page.getByText(/^Disponible hasta el \d{1,2} de \p{L}+ de \d{4} a las \d{1,2}:\d{2} UTC\.$/u)).toBeVisible();
  const study = recipient.sharedStudies();
  await expect(study).toContainText('3 imágenes');
  await expect(study.getByRole('link', { name: /^Ver: CT CHEST$/ })).toBeVisible();
  await expect(study.getByRole('link', { name: /^Descargar \(copia del CD, ZIP\)/ })).toBeVisible();

  await recipient.page.getByRole('link', { name: 'Ver quién ha usado este enlace' }).click();
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Quién ha usado este enlace');
  const history = recipient.page.getByTestId('link-history');
  await expect(history.getByRole('columnheader', { name: 'Cuándo' })).toBeAttached();
  for (const what of ['Enlace creado', 'Datos de acceso incorrectos', 'Abierto', 'Lista de estudios mostrada']) {
    await expect(history.getByRole('row').filter({ hasText: what }).first()).toBeVisible();
  }
  await expect(history).toContainText(/\d{1,2} de \p{L}+ de \d{4}/u);
});

test('[I18N] the language switch changes the page at once and the choice outlasts the browser language, across pages', async ({ browser }) => {
  const link = await newLink();
  const context = await browser.newContext({ locale: 'en-US' });
  const recipient = new Recipient(await context.newPage());
  await recipient.open(link.url);
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Imaging studies shared with you');
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'en');

  await recipient.chooseLanguage('Español');
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Estudios de imagen compartidos con usted');
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'es');
  expect((await context.cookies()).find((c) => c.name === 'lang')?.value).toBe('es');

  await recipient.page.reload();
  await expect(recipient.page.getByLabel('Código de acceso')).toBeVisible();
  await recipient.answer(link.code);
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Sus imágenes compartidas');

  await recipient.chooseLanguage('English');
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Your shared imaging');
  await expect(recipient.sharedStudies()).toContainText('3 images');
  await recipient.page.reload();
  await expect(recipient.page.getByRole('heading', { level: 1 })).toHaveText('Your shared imaging');
});

test('[I18N] a refusal already on screen is re-worded when the language changes', async ({ browser }) => {
  const link = await newLink();
  const recipient = new Recipient(await (await browser.newContext({ locale: 'en-GB' })).newPage());
  await recipient.open(link.url);
  await recipient.answer(link.code === '12345678' ? '87654321' : '12345678');
  await recipient.expectRefused(/^That does not match\. 4 attempts left\.$/);
  await recipient.chooseLanguage('Español');
  await recipient.expectRefused(/^Los datos no coinciden\. Le quedan 4 intentos\.$/);
});

test('[I18N] the not-found page of a link answers 404 in Spanish, with the switch; staff pages stay English', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES,es;q=0.9' } });
  const page = await context.newPage();
  const response = await page.goto('/s/not-a-token');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Este enlace no está disponible');
  await new Recipient(page).chooseLanguage('English');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link is not available');
  // An address under /links/ that matches no page: the same page, same language rules.
  expect((await page.goto('/links/not/a/page/at/all'))?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link is not available');
  await expect(page.getByRole('navigation', { name: 'Language' })).toHaveCount(1);

  const staffPage = await (await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es' } })).newPage();
  await staffPage.goto('/sign-in');
  await expect(staffPage.locator('html')).toHaveAttribute('lang', 'en');
});
