// The core path in real Chromium against a production build: staff upload a
// generated study through the UI, issue a link; a recipient in a fresh browser
// context passes the access check, sees the image in the viewer and downloads
// the CD-style ZIP, whose instances and DICOMDIR are checked byte for byte.
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { StaffConsole } from '../pages/staff-console';
import { Recipient } from '../pages/recipient';
import { waitForRenderedImage } from '../pages/viewer-canvas';
import { writeStudyToDisk, type StudyOnDisk } from '../support/dicom-files-on-disk';
import { dcmtkAvailable, dicomdirProblems } from '../support/dcmtk';

let study: StudyOnDisk;
let junkFiles: string[];

test.beforeAll(async () => {
  study = await writeStudyToDisk({
    kind: 'CT',
    patient: { id: `E2E-${Date.now()}`, name: 'ENDTOEND^ROBIN', birthDate: '19691231', sex: 'F' },
    accession: 'E2E1',
    studyDescription: 'CT CHEST E2E',
    slices: 24,
  });
  const notDicom = path.join(study.dir, 'notes.txt');
  fs.writeFileSync(notDicom, 'Patient brought a CD; this text file was on it.\n'.repeat(20));
  const truncated = path.join(study.dir, 'truncated.dcm');
  const whole = fs.readFileSync(study.files[0]!);
  fs.writeFileSync(truncated, whole.subarray(0, whole.length - 5000));
  junkFiles = [notDicom, truncated];
});

test('[CORE] upload → link → access check → viewer shows the image → ZIP download matches', async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = new StaffConsole(await staffContext.newPage());
  await staff.signInAsDemoFrontDesk();

  await staff.upload([...study.files, ...junkFiles]);
  await expect(staff.page.getByTestId('upload-summary')).toHaveText(/24 stored, 0 already stored, 0 skipped, 2 with problems/);
  const problems = staff.page.getByTestId('upload-problems');
  await expect(problems.getByRole('row', { name: /notes\.txt/ })).toContainText(/not a DICOM/i);
  await expect(problems.getByRole('row', { name: /truncated\.dcm/ })).toContainText(/truncated/i);

  await staff.openUploadedStudy();
  const link = await staff.issueLink({ accessCheck: 'code', days: '7' });
  expect(link.url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  expect(link.code).toMatch(/^\d{8}$/);

  // A fresh browser: nothing shared with the staff session.
  const recipientContext = await browser.newContext({ acceptDownloads: true });
  const external: string[] = [];
  await recipientContext.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === 'localhost' || host === '127.0.0.1') return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  await recipientContext.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const recipient = new Recipient(await recipientContext.newPage());
  await recipient.open(link.url);
  await recipient.answer(link.code === '12345678' ? '87654321' : '12345678');
  await recipient.expectRefused(/does not match\. 4 attempts left/);
  // The viewer starts booting on the access-check page already…
  await expect(recipient.page.locator('.viewer-overlay iframe')).toBeAttached();
  await recipient.page.locator('.viewer-overlay iframe').evaluate((f) => ((f as HTMLIFrameElement & { bootedOnAccessCheck?: boolean }).bootedOnAccessCheck = true));
  await recipient.answer(link.code!);
  await expect(recipient.page).toHaveURL(/\/links\/[0-9a-f-]{36}$/);
  // …and the same iframe survives the navigation to the study list.
  expect(await recipient.page.locator('.viewer-overlay iframe').evaluate((f) => (f as HTMLIFrameElement & { bootedOnAccessCheck?: boolean }).bootedOnAccessCheck)).toBe(true);
  expect(recipient.page.url()).not.toContain(link.url.split('/s/')[1]!);
  const cookies = await recipientContext.cookies();
  expect(cookies.find((c) => c.name === 'scanshare-link')?.httpOnly).toBe(true);

  const shared = recipient.sharedStudies();
  await expect(shared).toHaveCount(1);
  await expect(shared).toContainText('ENDTOEND^ROBIN');
  await expect(shared).toContainText('CT CHEST E2E');
  await expect(shared).toContainText('24 images');

  // The viewer boots out of sight while the list is read; "View" then routes it to the study.
  await expect(recipient.page.locator('.viewer-overlay iframe')).toBeAttached();
  await recipient.page.waitForFunction(() => {
    const doc = document.querySelector<HTMLIFrameElement>('.viewer-overlay iframe')?.contentDocument;
    return doc?.readyState === 'complete' && (doc.getElementById('root')?.childElementCount ?? 0) > 0;
  });
  await shared.getByRole('link', { name: 'View' }).click();
  await expect(recipient.page.locator('.viewer-overlay.open')).toBeVisible();
  await expect(recipient.page).toHaveURL(/\/links\/[0-9a-f-]{36}\/studies\/[0-9a-f-]{36}$/);
  const frame = recipient.page.frameLocator('iframe[title="Image viewer"]');
  await expect(frame.locator('canvas.cornerstone-canvas').first()).toBeAttached({ timeout: 60_000 });
  const viewerFrame = recipient.page.frames().find((f) => f.url().includes('/viewer/viewer/dicomjson'))!;
  expect(await waitForRenderedImage(viewerFrame), 'the viewport shows non-blank pixels').not.toBeNull();
  expect(external, 'nothing is fetched from outside this machine').toEqual([]);
  expect(await viewerFrame.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

  // The viewer page on its own (a reload, or a bookmark) shows the study too.
  await recipient.page.reload();
  const pageFrame = await (async () => {
    for (let i = 0; i < 200; i++) {
      const f = recipient.page.frames().find((x) => x.url().includes('/viewer/viewer/dicomjson'));
      if (f) return f;
      await recipient.page.waitForTimeout(100);
    }
    throw new Error('no viewer frame on the viewer page');
  })();
  expect(await waitForRenderedImage(pageFrame), 'the viewer page shows non-blank pixels').not.toBeNull();

  const downloadPromise = recipient.page.waitForEvent('download');
  await recipient.page.getByRole('link', { name: /Download/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^scanshare-study-[\d-]+\.zip$/);
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-zip-')), 'study.zip');
  await download.saveAs(zipPath);
  const entries = unzipSync(fs.readFileSync(zipPath));
  const names = Object.keys(entries);
  expect(names).toContain('DICOMDIR');
  expect(names).toContain('README.TXT');
  const images = names.filter((n) => n.startsWith('DICOM/'));
  expect(images).toHaveLength(24);
  for (const name of names) expect(name).toMatch(/^(DICOMDIR|README\.TXT|DICOM\/ST\d{6}\/SE\d{6}\/IM\d{6})$/);
  const hashes = new Set(images.map((n) => createHash('sha256').update(entries[n]!).digest('hex')));
  expect(hashes).toEqual(study.sha256s);

  // The issuer sees who opened the link, what they did, and from where.
  await staff.page.reload();
  await staff.page.getByRole('link', { name: 'History' }).first().click();
  const history = staff.page.getByTestId('link-history');
  for (const what of ['Link created', 'Wrong access check', 'Opened', 'Viewed', 'Downloaded']) {
    await expect(history.getByRole('row').filter({ hasText: what }).first()).toBeVisible();
  }
  await expect(history).toContainText('127.0.0.1');

  // dcmtk is a real DICOM peer; .ci/run installs it (Debian package dcmtk).
  expect(dcmtkAvailable(), 'dcmtk (dcmdump, dcmmkdir) is installed').toBe(true);
  const root = path.dirname(zipPath);
  for (const [name, bytes] of Object.entries(entries)) {
    fs.mkdirSync(path.join(root, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), bytes);
  }
  expect(dicomdirProblems(root)).toEqual([]);
});
