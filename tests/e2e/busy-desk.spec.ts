// Link management that is safe at a busy desk (issue 19 §6): each link says whom it
// was handed to; revoking asks first (with and without script) and revokes nothing
// until confirmed; extending has no preset length; "Create another link" gives a
// fresh form; upload links print a handout too; the patient's forward result copies
// the link and code; and the demo's clerk, admin and specialist sign-ins work, the
// specialist finding a demo referral in the inbox.
import { test, expect, type Browser } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { seedDemoReferral } from '@/lib/shares/seed-demo-referral';
import { ingestSmallStudy } from '../support/generated-study';
import { grantTestConsent } from '../support/test-data';
import { decodeQrFromPng } from '../support/decode-qr';
import { Recipient } from '../pages/recipient';
import { StaffConsole } from '../pages/staff-console';
import { UploadLinksConsole } from '../pages/upload-links';

async function deskOn(browser: Browser, patient: { id: string; name: string }) {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { ...patient, birthDate: '19810203', sex: 'F' } });
  const context = await browser.newContext();
  const desk = new StaffConsole(await context.newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  return { staff, studyId, desk, context };
}

test('[DESK] the link says whom it was handed to, on the patient’s links; a refused form keeps it', async ({ browser }) => {
  const { desk } = await deskOn(browser, { id: `HT-${Date.now()}`, name: 'HANDED^TO' });
  await desk.page.getByLabel(/Handed to/).fill('patient at desk 2');
  // Refused (no consent for a specialist): the label is still there, as typed.
  expect(await desk.issueLinkRefused({ accessCheck: 'code', days: '7', specialistEmail: 'dr.ruiz@clinic.example' })).toMatch(/consent/);
  await expect(desk.page.getByLabel(/Handed to/)).toHaveValue('patient at desk 2');
  await desk.page.getByLabel('the patient (their own right of access)').check();
  await desk.issueLink({ accessCheck: 'code', days: '7' });
  await desk.page.getByRole('link', { name: 'Create another link' }).click();
  await desk.page.getByLabel(/Handed to/).fill('Dr Ruiz’s office');
  await desk.issueLink({ accessCheck: 'birth_date', days: '14' });

  await desk.page.goto(desk.page.url());
  await desk.page.getByRole('link', { name: 'All links of this patient' }).click();
  await expect(desk.page.getByTestId('handed-to')).toHaveText(['Dr Ruiz’s office', 'patient at desk 2']);
});

test('[DESK] "Create another link" returns to a fresh form that makes a second, different link', async ({ browser }) => {
  const { desk, studyId } = await deskOn(browser, { id: `CA-${Date.now()}`, name: 'ANOTHER^LINK' });
  await desk.page.getByText('More options').click();
  await desk.page.getByLabel('Note to the recipient').fill('first patient');
  const first = await desk.issueLink({ accessCheck: 'code', days: '7' });
  await desk.page.getByRole('link', { name: 'Create another link' }).click();
  await expect(desk.page).toHaveURL(new RegExp(`/studies/${studyId}$`));
  // Fresh: nothing of the last form is carried over.
  await expect(desk.page.getByLabel('Note to the recipient')).toHaveValue('');
  await expect(desk.page.getByLabel('the patient (their own right of access)')).toBeChecked();
  await expect(desk.page.getByTestId('share-url')).toHaveCount(0);
  const second = await desk.issueLink({ accessCheck: 'code', days: '1' });
  expect(second.url).not.toBe(first.url);
  await expect(desk.page.getByTestId('share-link-repeated')).toHaveCount(0);
});

test('[DESK] revoke asks first, naming the link: "keep it" revokes nothing; the link stops only once confirmed', async ({ browser }) => {
  const { desk } = await deskOn(browser, { id: `RV-${Date.now()}`, name: 'REVOKE^ASKS' });
  const link = await desk.issueLink({ accessCheck: 'code', days: '7' });
  await desk.page.getByRole('link', { name: 'All links of this patient' }).click();
  await expect(desk.page).toHaveURL(/\/patients\/[0-9a-f-]{36}\/links$/);
  const linksPage = desk.page.url();
  const row = desk.page.getByTestId('patient-link'); // this patient's only link

  await row.getByRole('link', { name: 'Revoke…' }).click();
  await expect(desk.page.getByRole('heading', { name: 'Revoke this link?' })).toBeVisible();
  await expect(desk.page.getByTestId('revoke-confirmation')).toContainText('The link for the patient of REVOKE^ASKS');
  await desk.page.getByRole('link', { name: 'No, keep it' }).click();
  await expect(desk.page).toHaveURL(linksPage);
  await expect(row.getByTestId('link-state')).toHaveText('active');
  const patient = new Recipient(await (await browser.newContext()).newPage());
  await patient.open(link.url);
  await patient.answer(link.code!);
  await expect(patient.sharedStudies()).toHaveCount(1);

  await row.getByRole('link', { name: 'Revoke…' }).click();
  await desk.page.getByRole('button', { name: 'Yes, revoke this link' }).click();
  await expect(desk.page).toHaveURL(new RegExp(`${linksPage}\\?revoked=`));
  await expect(desk.page.getByTestId('revoked-notice')).toContainText('Revoked the link for the patient');
  await expect(row.getByTestId('link-state')).toHaveText('revoked');
  expect((await patient.page.reload())?.status()).toBe(404);
});

test('[DESK] without script, revoking still asks first and then revokes', async ({ browser }) => {
  const { desk, context } = await deskOn(browser, { id: `RN-${Date.now()}`, name: 'REVOKE^NOSCRIPT' });
  await desk.issueLink({ accessCheck: 'code', days: '7' });
  await desk.page.getByRole('link', { name: 'All links of this patient' }).click();
  await expect(desk.page).toHaveURL(/\/patients\/[0-9a-f-]{36}\/links$/);
  const linksPage = desk.page.url();

  const plain = await (await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() })).newPage();
  await plain.goto(linksPage);
  const row = plain.getByTestId('patient-link'); // this patient's only link
  await row.getByRole('link', { name: 'Revoke…' }).click();
  await expect(plain.getByRole('heading', { name: 'Revoke this link?' })).toBeVisible();
  await plain.goto(linksPage);
  await expect(row.getByTestId('link-state'), 'opening the confirmation revoked nothing').toHaveText('active');
  await row.getByRole('link', { name: 'Revoke…' }).click();
  await plain.getByRole('button', { name: 'Yes, revoke this link' }).click();
  await expect(plain.getByTestId('revoked-notice')).toBeVisible();
  await expect(row.getByTestId('link-state')).toHaveText('revoked');
});

test('[DESK] extend has no preset length: nothing happens until a new expiry is chosen, up to the facility maximum', async ({ browser }) => {
  const { desk } = await deskOn(browser, { id: `EX-${Date.now()}`, name: 'EXTEND^CHOICE' });
  await desk.issueLink({ accessCheck: 'code', days: '1' });
  await desk.page.getByRole('link', { name: 'All links of this patient' }).click();
  const row = desk.page.getByTestId('patient-link'); // this patient's only link
  const extendTo = row.getByLabel('Extend to');
  await expect(extendTo).toHaveValue('');
  const offered = await extendTo.locator('option:not([disabled])').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(offered.at(-1), 'the longest choice is the facility maximum (the demo: 30 days)').toBe('30');
  const before = await row.textContent();
  await row.getByRole('button', { name: 'Extend' }).click();
  await expect(row.getByRole('status')).toHaveCount(0);
  expect(await row.textContent()).toBe(before);
  await extendTo.selectOption('14');
  await row.getByRole('button', { name: 'Extend' }).click();
  await expect(row.getByRole('status')).toHaveText(new RegExp(`Extended until ${new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)}`));
});

test('[HANDOUT] an upload link prints a handout too: a QR code of the upload link, its code, worded for sending images', async ({ browser }) => {
  const { desk } = await deskOn(browser, { id: `UH-${Date.now()}`, name: 'UPLOAD^HANDOUT' });
  const uploads = new UploadLinksConsole(desk.page);
  await uploads.openFromStudy();
  const link = await uploads.createLink({ accessCheck: 'code', days: '7' });
  await desk.page.getByRole('button', { name: 'Print handout' }).click();
  const handout = desk.page.getByRole('dialog').getByTestId('handout');
  await expect(handout).toContainText('How to send images to Demo Imaging Centre');
  await expect(handout).toContainText('Cómo enviar imágenes a Demo Imaging Centre');
  await expect(handout.getByTestId('handout-url')).toHaveText(link.url);
  expect((await handout.getByTestId('handout-code').textContent())!.replace(/\s/g, '')).toBe(link.code);
  await expect(handout.getByTestId('handout-initials')).toHaveText('H.U.');
  await expect(handout).not.toContainText(/UPLOAD|HANDOUT|1981/);
  expect(decodeQrFromPng(await handout.getByTestId('handout-qr').screenshot()), 'the QR code reads as the upload link').toBe(link.url);
});

test('[FORWARD] the patient copies the forwarded link and code with one button', async ({ browser }) => {
  const { staff, studyId, desk } = await deskOn(browser, { id: `FC-${Date.now()}`, name: 'FORWARD^COPY' });
  await grantTestConsent(staff, studyId, { recipientKind: 'named', recipientName: 'Heart Clinic', recipientEmail: '@heart.example', purpose: 'second_opinion' });
  await desk.page.getByText('More options').click();
  await desk.page.getByLabel(/may forward it to a specialist/).check();
  const link = await desk.issueLink({ accessCheck: 'code', days: '14' });

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const patient = new Recipient(await context.newPage());
  await patient.open(link.url);
  await patient.answer(link.code!);
  await patient.page.getByRole('link', { name: 'Send to a specialist' }).click();
  await patient.page.getByLabel(/Specialist.s e-mail/).fill('dr.kim@heart.example');
  await patient.page.getByLabel('Why').selectOption('second_opinion');
  await patient.page.getByRole('button', { name: 'Create a link for the specialist' }).click();
  const childUrl = (await patient.page.getByTestId('forwarded-url').textContent())!.trim();
  const childCode = (await patient.page.getByTestId('forwarded-code').textContent())!.trim();
  await patient.page.getByRole('button', { name: 'Copy link and code' }).click();
  await expect(patient.page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await patient.page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(childUrl);
  expect(copied).toContain(childCode);
});

test('[DEMO] the demo specialist signs in and finds the demo referral in the inbox; the clerk and the admin sign in with their own roles', async ({ browser }) => {
  const frontDesk = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(frontDesk, { patient: { id: `DR-${Date.now()}`, name: 'DEMO^REFERRAL', birthDate: '19800307', sex: 'O' } });
  expect(await seedDemoReferral(frontDesk, studyId)).toBe('created');
  expect(await seedDemoReferral(frontDesk, studyId), 'seeding again makes no second referral').toBe('present');

  const specialist = await (await browser.newContext()).newPage();
  await specialist.goto('/sign-in');
  await specialist.getByRole('button', { name: 'Sign in as demo specialist' }).click();
  await expect(specialist).toHaveURL(/\/inbox$/);
  const item = specialist.getByTestId('inbox-item').filter({ hasText: 'DEMO^REFERRAL' });
  await expect(item).toContainText('From Demo Imaging Centre');
  await expect(item).toContainText('Demo referral');
  await item.getByRole('button', { name: 'Open' }).click();
  await expect(specialist).toHaveURL(/\/links\/[0-9a-f-]{36}$/);

  const clerk = await (await browser.newContext()).newPage();
  await clerk.goto('/sign-in');
  await clerk.getByRole('button', { name: /Sign in as demo clerk/ }).click();
  await expect(clerk).toHaveURL(/\/studies$/);
  expect((await clerk.goto('/admin/users'))?.status(), 'the clerk is front desk only').toBe(403);

  const admin = await (await browser.newContext()).newPage();
  await admin.goto('/sign-in');
  await admin.getByRole('button', { name: 'Sign in as demo facility admin' }).click();
  await expect(admin).toHaveURL(/\/admin\/users$/);
  await expect(admin.getByText('clerk@demo.scanshare.invalid')).toBeVisible();
});
