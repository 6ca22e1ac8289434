// The front desk prints a handout for a new link: a QR code that a phone can
// read and that leads to the access check, the link as text, the access code (or
// "date of birth"), the expiry, the facility, and the patient's initials only.
// The handout is built in the browser: the token is sent nowhere and stored nowhere.
import { test, expect, type Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { StaffConsole } from '../pages/staff-console';
import { Recipient } from '../pages/recipient';
import { ingestSmallStudy } from '../support/generated-study';
import { seriousAxeViolations } from '../support/axe';
import { decodeQrFromPng } from '../support/decode-qr';
import { screenshotPath } from '../support/screenshot-path';

let studyId: string;
const patientId = `HANDOUT-${Date.now()}`;

test.beforeAll(async () => {
  const staff = await seedDemoAccounts();
  studyId = (await ingestSmallStudy(staff, { patient: { id: patientId, name: 'GARCIA^MARIA', birthDate: '19800307', sex: 'F' }, studyDescription: 'CT CHEST' })).studyId;
});

/** Every request the page makes from now on, with its body. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  return seen;
}

test('[HANDOUT] the printed handout has a QR code that leads to the link, the code, the expiry and only the initials', async ({ browser }) => {
  const desk = new StaffConsole(await (await browser.newContext({ viewport: { width: 1000, height: 1400 } })).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  const link = await desk.issueLink({ accessCheck: 'code', days: '7' });
  const token = link.url.split('/s/')[1]!;
  const requests = recordRequests(desk.page);
  await desk.page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => void w.printed++;
  });

  await desk.page.getByRole('button', { name: 'Print handout' }).click();
  const dialog = desk.page.getByRole('dialog', { name: 'Handout for the patient' });
  await expect(dialog).toBeVisible();
  const handout = dialog.getByTestId('handout');
  await expect(handout).toContainText('Demo Imaging Centre');
  await expect(handout.getByTestId('handout-phone'), "the facility's phone, for questions").toHaveText('+1 555 0100');
  await expect(handout).toContainText('Questions? Call Demo Imaging Centre at +1 555 0100.');
  await expect(handout.getByTestId('handout-initials')).toHaveText('M.G.');
  await expect(handout.getByTestId('handout-url')).toHaveText(link.url);
  expect((await handout.getByTestId('handout-code').textContent())!.replace(/\s/g, '')).toBe(link.code);
  await expect(handout.getByTestId('handout-expiry')).toContainText(/\d{4}/);
  await expect(handout).toContainText('How to see your images online');
  await expect(handout.locator('[lang="es"]').first()).toBeVisible();
  await expect(handout).toContainText('Cómo ver sus imágenes en internet');
  await expect(handout, 'no patient data beyond the initials').not.toContainText(/GARCIA|MARIA|1980|CT CHEST/i);
  await expect(handout).not.toContainText(patientId);
  expect(await seriousAxeViolations(desk.page)).toEqual([]);

  const decoded = decodeQrFromPng(await handout.getByTestId('handout-qr').screenshot());
  expect(decoded, 'the QR code reads as the link').toBe(link.url);

  await dialog.getByRole('button', { name: 'Print', exact: true }).click();
  expect(await desk.page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // On paper: only the handout, on one page (A4's printable width, Letter's printable height at 12 mm margins).
  await desk.page.emulateMedia({ media: 'print' });
  await desk.page.setViewportSize({ width: 703, height: 964 });
  await expect(desk.page.locator('header.site')).toBeHidden();
  await expect(desk.page.locator('main')).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Print', exact: true })).toBeHidden();
  expect((await handout.boundingBox())!.height, 'fits one page').toBeLessThanOrEqual(964);
  // The screenshot adds the page margin the printer would leave.
  await desk.page.addStyleTag({ content: '@media print { dialog.handout-dialog { margin: 12mm !important; } }' });
  await desk.page.setViewportSize({ width: 794, height: 1123 });
  await desk.page.screenshot({ path: screenshotPath('handout.png') });
  await desk.page.emulateMedia({ media: 'screen' });

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(desk.page.getByRole('button', { name: 'Print handout' })).toBeFocused();
  expect(requests.filter((r) => r.includes(token)), 'the token went to no server').toEqual([]);
  const stored = await desk.page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(token);

  // A phone follows the QR code to the access check.
  const phone = new Recipient(await (await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true })).newPage());
  await phone.open(decoded!);
  await expect(phone.page.getByRole('heading', { level: 1 })).toHaveText('Imaging studies shared with you');
  await phone.answer(link.code!);
  await expect(phone.sharedStudies()).toHaveCount(1);
});

test('[HANDOUT] for a date-of-birth link the handout asks for the date of birth and shows no code', async ({ browser }) => {
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  await desk.issueLink({ accessCheck: 'birth_date', days: '7' });
  await desk.page.getByRole('button', { name: 'Print handout' }).click();
  const handout = desk.page.getByRole('dialog').getByTestId('handout');
  await expect(handout.getByTestId('handout-code')).toHaveText(/the patient's date of birth.*la fecha de nacimiento del paciente/);
  await expect(handout).toContainText("When asked, enter the patient's date of birth.");
  await expect(handout).not.toContainText('1980');
});
