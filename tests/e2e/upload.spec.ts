// Ingest as staff meet it: a folder copied from a CD (with the DICOMDIR that
// dcmtk's dcmmkdir writes, a real CD index) and a ZIP of the same, through the
// browser's file pickers.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { StaffConsole } from '../pages/staff-console';
import { writeStudyToDisk } from '../support/dicom-files-on-disk';

let cdRoot: string;
let zipPath: string;

test.beforeAll(async () => {
  const study = await writeStudyToDisk({
    kind: 'MR',
    patient: { id: `CD-${Date.now()}`, name: 'DISC^CAROL', birthDate: '19550505', sex: 'F' },
    accession: 'CD1',
    studyDescription: 'MR KNEE FROM CD',
    series: 2,
    slices: 4,
    rows: 128,
    columns: 128,
  });
  cdRoot = path.join(study.dir, 'CDROM');
  fs.mkdirSync(path.join(cdRoot, 'DICOM'), { recursive: true });
  study.files.forEach((file, i) => fs.renameSync(file, path.join(cdRoot, 'DICOM', `IM${String(i + 1).padStart(6, '0')}`)));
  const made = spawnSync('dcmmkdir', ['+r', 'DICOM'], { cwd: cdRoot, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  expect(fs.existsSync(path.join(cdRoot, 'DICOMDIR'))).toBe(true);

  const entries: Record<string, Uint8Array> = {};
  for (const name of ['DICOMDIR', ...fs.readdirSync(path.join(cdRoot, 'DICOM')).map((n) => `DICOM/${n}`)]) {
    entries[name] = fs.readFileSync(path.join(cdRoot, name));
  }
  zipPath = path.join(study.dir, 'cd.zip');
  fs.writeFileSync(zipPath, zipSync(entries));
});

test('[INGEST] a folder copied from a CD goes in; its DICOMDIR is recognised and skipped', async ({ page }) => {
  const staff = new StaffConsole(page);
  await staff.signInAsDemoFrontDesk();
  await page.goto('/upload');
  await page.getByLabel('Folder (e.g. a copied CD)').setInputFiles(cdRoot);
  await expect(page.getByTestId('upload-summary')).toHaveText(/8 stored, 0 already stored, 1 skipped, 0 with problems/, { timeout: 60_000 });
  await expect(page.getByTestId('upload-problems')).toContainText('DICOMDIR');
  await expect(page.getByRole('progressbar')).toHaveAttribute('value', '100');
  await staff.openUploadedStudy();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('DISC^CAROL');
  await expect(page.getByRole('row')).toHaveCount(1 + 2); // the series table: header and two series
});

test('[INGEST] a ZIP of the same CD is unpacked in the browser and adds nothing new', async ({ page }) => {
  const staff = new StaffConsole(page);
  await staff.signInAsDemoFrontDesk();
  await staff.upload([zipPath]);
  await expect(page.getByTestId('upload-summary')).toHaveText(/0 stored, 8 already stored, 1 skipped, 0 with problems/);
});

test('[INGEST] uploads are refused without a staff session', async ({ request }) => {
  const res = await request.post('/api/uploads?name=x.dcm', { data: Buffer.from('DICM') });
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe('unauthorized:staff');
});

test('[INGEST] an upload posted from another site is refused even with a staff session', async ({ page }) => {
  await new StaffConsole(page).signInAsDemoFrontDesk();
  const res = await page.request.post('/api/uploads?name=x.dcm', { data: Buffer.from('DICM'), headers: { origin: 'https://evil.example' } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe('forbidden:cross_origin');
});
