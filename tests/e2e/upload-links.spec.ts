// "Send us your images": staff ask for a patient's images with an upload link; an
// outside sender on a phone (375 px wide) passes the access check and sends a CD
// folder (with its DICOMDIR and a stray text file); staff find it in the quarantine
// inbox flagged for its foreign PatientID, accept it for the patient (the images
// rewritten to carry the patient's identity) and open the study. Then Spanish, and
// the negatives: a revoked link, another facility's staff.
// Screenshots (the sender at 375 px, the quarantine inbox): test-reports/screenshots/, or docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { test, expect, type Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { writeStudyToDisk } from '../support/dicom-files-on-disk';
import { StaffConsole } from '../pages/staff-console';
import { OutsideUploader } from '../pages/outside-uploader';
import { UploadLinksConsole } from '../pages/upload-links';
import { signInWithOidc } from '../pages/institution-sign-in';
import { patientRefOfStudy } from '../support/upload-link';
import { screenshotPath } from '../support/screenshot-path';

const suffix = Date.now().toString(36).toUpperCase();
const patientName = `UPLOAD^SAM${suffix}`;
let studyId: string;
let patientRef: string;
let cdRoot: string;

test.beforeAll(async () => {
  const staff = await seedDemoAccounts();
  const held = await ingestSmallStudy(staff, { patient: { id: `UPL-${suffix}`, name: patientName, birthDate: '19820415', sex: 'M' } });
  studyId = held.studyId;
  patientRef = await patientRefOfStudy(studyId);

  // The other hospital's CD: their own PatientID for the same person, a DICOMDIR, and a stray file.
  const study = await writeStudyToDisk({
    kind: 'CT',
    patient: { id: `ELSEWHERE-${suffix}`, name: patientName, birthDate: '19820415', sex: 'M' },
    accession: 'EXT1',
    studyDescription: 'CT ABDOMEN FROM ELSEWHERE',
    slices: 5,
    rows: 64,
    columns: 64,
  });
  cdRoot = path.join(study.dir, 'CD');
  fs.mkdirSync(path.join(cdRoot, 'DICOM'), { recursive: true });
  study.files.forEach((file, i) => fs.renameSync(file, path.join(cdRoot, 'DICOM', `IM${String(i + 1).padStart(6, '0')}`)));
  const made = spawnSync('dcmmkdir', ['+r', 'DICOM'], { cwd: cdRoot, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  fs.writeFileSync(path.join(cdRoot, 'README.TXT'), 'Burned by Elsewhere General. Not an image.\n');
});

async function phone(browser: Browser, locale = 'en-GB') {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale });
  return { context, uploader: new OutsideUploader(await context.newPage()) };
}

async function expectNoHorizontalScroll(uploader: OutsideUploader) {
  const overflow = await uploader.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'nothing wider than the 375 px screen').toBeLessThanOrEqual(0);
}

async function expectNoSeriousAxeViolations(uploader: OutsideUploader) {
  const results = await new AxeBuilder({ page: uploader.page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('[UPLOAD] a sender on a phone sends a CD folder; staff accept it for the patient from the quarantine inbox and open the study', async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await new StaffConsole(staffPage).signInAsDemoFrontDesk();
  const uploads = new UploadLinksConsole(staffPage);
  await staffPage.goto(`/studies/${studyId}`);
  await uploads.openFromStudy();
  const link = await uploads.createLink({ accessCheck: 'birth_date', days: '7', note: 'Please send the CT from your hospital.' });
  expect(link.url).toMatch(/\/u\/[A-Za-z0-9_-]{43}$/);

  const { context, uploader } = await phone(browser);
  await uploader.open(link.url);
  await expect(uploader.page.getByRole('heading', { level: 1 })).toHaveText('Send images to Demo Imaging Centre');
  await expectNoHorizontalScroll(uploader);
  await expectNoSeriousAxeViolations(uploader);
  await uploader.answer('1982-04-16');
  await uploader.expectRefused(/does not match\. 4 tries left/);
  await uploader.answer('1982-04-15');
  await expect(uploader.page).toHaveURL(/\/uploads-for\/[0-9a-f-]{36}$/);
  expect(uploader.page.url()).not.toContain(link.url.split('/u/')[1]!);
  const cookie = (await context.cookies()).find((c) => c.name === 'scanshare-upload');
  expect(cookie?.httpOnly).toBe(true);
  await expect(uploader.page.getByTestId('uploader-note')).toHaveText('Please send the CT from your hospital.');
  await expect(uploader.page.getByText(patientName)).toHaveCount(0); // the sender is told nothing about the patient

  await uploader.sendFolder(cdRoot);
  await expect(uploader.page.getByTestId('upload-summary')).toHaveText('5 sent, 0 already sent, 1 not needed, 1 with problems.');
  await expect(uploader.page.getByTestId('upload-results').getByRole('listitem')).toHaveCount(7);
  await expect(uploader.resultFor(/README\.TXT/)).toContainText(/Not an image file.*not a scanner image file \(DICOM\), so it was not kept/);
  await expect(uploader.resultFor(/DICOMDIR/)).toContainText("Not neededThe CD's index file");
  await expect(uploader.resultFor(/IM000001/)).toContainText('Sent');
  await expect(uploader.page.getByRole('progressbar')).toHaveAttribute('value', '100');
  await expectNoHorizontalScroll(uploader);
  await expectNoSeriousAxeViolations(uploader);
  await uploader.page.screenshot({ path: screenshotPath('uploader-375.png'), fullPage: true });

  // Staff: the inbox shows the upload beside the patient it was asked for, flagged.
  await uploads.openQuarantine();
  const group = uploads.group(patientName);
  await expect(group.getByTestId('named-patient')).toContainText(`PatientID UPL-${suffix}`);
  await expect(group.getByTestId('header-patient')).toContainText(`PatientID ELSEWHERE-${suffix}`);
  await expect(group.getByTestId('mismatch')).toHaveText('Check before accepting: PatientID differs.');
  await expect(group).toContainText('5 (');
  await staffPage.screenshot({ path: screenshotPath('quarantine-inbox.png'), fullPage: true });
  await group.getByLabel(`I checked these images belong to ${patientName}`).check();
  await group.getByRole('button', { name: `Accept for ${patientName}` }).click();
  // Waits on whichever outcome shows, so a refusal or a failed page fails with its words.
  const outcome = group.getByRole('status').or(staffPage.locator('main').getByRole('alert'));
  await expect(outcome).toContainText(`Accepted for ${patientName}: 5 images filed.`);
  // Their headers said ELSEWHERE-…: the stored copies now carry this patient's PatientID (import reconciliation).
  await expect(group.getByTestId('reconciled')).toContainText(`The patient details inside 5 images were changed to ${patientName}’s`);
  await group.getByRole('link', { name: 'Open the study' }).click();
  await expect(staffPage.getByRole('heading', { level: 1 })).toHaveText(`${patientName} · CT ABDOMEN FROM ELSEWHERE`);
  await expect(staffPage.getByText(`PatientID UPL-${suffix}`)).toBeVisible();
  await expect(staffPage.getByRole('row')).toHaveCount(1 + 1); // the series table: header and one series
  await expect(staffPage.getByRole('cell', { name: '5', exact: true })).toBeVisible();

  // Decided: gone from the inbox.
  await uploads.openQuarantine();
  await expect(uploads.group(patientName)).toHaveCount(0);
  await context.close();
  await staffContext.close();
});

test('[UPLOAD] in Spanish by the browser’s language; once revoked, the link answers 404 to its page, its upload route and its token page', async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await new StaffConsole(staffPage).signInAsDemoFrontDesk();
  const uploads = new UploadLinksConsole(staffPage);
  await staffPage.goto(`/patients/${patientRef}/upload-links`);
  const link = await uploads.createLink({ accessCheck: 'code', days: '1' });
  expect(link.code).toMatch(/^\d{8}$/);

  const { context, uploader } = await phone(browser, 'es-ES');
  await uploader.page.goto(link.url);
  await expect(uploader.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(uploader.page.getByRole('heading', { level: 1 })).toHaveText('Enviar imágenes a Demo Imaging Centre');
  await uploader.page.getByLabel('Código de acceso').fill(link.code!);
  await uploader.page.getByRole('button', { name: 'Continuar' }).click();
  await expect(uploader.page).toHaveURL(/\/uploads-for\/[0-9a-f-]{36}$/);
  await expect(uploader.page.getByLabel('Elegir archivos o un ZIP')).toBeVisible();
  await expectNoSeriousAxeViolations(uploader);
  const uploadPath = new URL(uploader.page.url()).pathname;
  const uploadLinkId = uploadPath.split('/').at(-1)!;

  await staffPage.goto(`/patients/${patientRef}/upload-links`);
  const row = staffPage.getByTestId('upload-links').getByRole('row').filter({ has: staffPage.getByRole('button', { name: 'Revoke' }) }).first();
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(staffPage.getByTestId('upload-links').getByRole('row').nth(1)).toContainText('revoked');

  expect((await uploader.page.goto(uploadPath))?.status()).toBe(404);
  await expect(uploader.page.getByRole('heading', { level: 1 })).toHaveText('Este enlace no está disponible');
  const post = await uploader.page.request.post(`/api/upload-links/${uploadLinkId}/files`, { data: Buffer.from('DICM') });
  expect(post.status()).toBe(404);
  expect((await uploader.page.goto(link.url))?.status()).toBe(404);
  await context.close();
  await staffContext.close();
});

test("[UPLOAD] staff of another facility see none of this facility's upload links or quarantine", async ({ page, request }) => {
  const res = await request.get('/quarantine', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect((await request.get(`/patients/${patientRef}/upload-links`, { maxRedirects: 0 })).status()).toBe(307);

  await signInWithOidc(page, 'admin.bob'); // Test General Hospital, facility admin + front desk
  await expect(page).toHaveURL(/\/studies$/);
  expect((await page.goto(`/patients/${patientRef}/upload-links`))?.status()).toBe(404);
  await page.goto('/quarantine');
  await expect(page.getByRole('heading', { name: 'Quarantine inbox' })).toBeVisible();
  await expect(page.getByText(patientName)).toHaveCount(0);
});
