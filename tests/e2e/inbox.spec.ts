// A referral across organisations: the demo facility's front desk records the
// patient's consent (signed on screen) and shares a study with a named specialist
// at Test General Hospital, who signs in through their own IdP (OIDC), finds it
// under "Shared with me" and views it.
import { test, expect } from '@playwright/test';
import { StaffConsole } from '../pages/staff-console';
import { signInWithOidc } from '../pages/institution-sign-in';
import { waitForRenderedImage } from '../pages/viewer-canvas';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { seriousAxeViolations } from '../support/axe';

let studyId: string;

test.beforeAll(async () => {
  studyId = (await ingestSmallStudy(await seedDemoAccounts(), { patient: { id: `REF-${Date.now()}`, name: 'REFERRED^PAT', birthDate: '19700101', sex: 'M' }, slices: 4, rows: 128, columns: 128 })).studyId;
});

test('[INBOX] a specialist signs in with their institution and opens the study shared with them', async ({ browser }) => {
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  expect(await desk.issueLinkRefused({ accessCheck: 'code', days: '7', specialistEmail: 'erin@hospital.test' })).toMatch(/no consent on file/);
  await desk.openConsents();
  await desk.recordNamedConsentSignedOnScreen({ name: 'Dr Erin, Test General Hospital', email: '@hospital.test' });
  await desk.page.goto(`/studies/${studyId}`);
  await desk.issueLink({ accessCheck: 'code', days: '7', specialistEmail: 'erin@hospital.test' });

  const page = await (await browser.newContext()).newPage();
  await signInWithOidc(page, 'dr.erin');
  await expect(page).toHaveURL(/\/inbox$/);
  const item = page.getByTestId('inbox-item').filter({ hasText: 'REFERRED^PAT' });
  await expect(item).toContainText('From Demo Imaging Centre');
  await expect(item.getByTestId('inbox-shared-by'), 'who shared it').toHaveText('Demo Imaging Centre');
  await expect(item.getByTestId('inbox-patient-facts'), "the patient's date of birth and sex").toHaveText('(born 1970-01-01, male)');
  expect(await seriousAxeViolations(page), 'the specialist inbox').toEqual([]);
  await item.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(item.getByTestId('inbox-study')).toContainText('Reviewed');
  await item.getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/links\/[0-9a-f-]{36}$/);
  await page.getByTestId('shared-study').getByRole('link', { name: 'View' }).click();
  const frame = await (async () => {
    for (let i = 0; i < 200; i++) {
      const f = page.frames().find((x) => x.url().includes('/viewer/viewer/dicomjson'));
      if (f) return f;
      await page.waitForTimeout(100);
    }
    throw new Error('no viewer frame');
  })();
  expect(await waitForRenderedImage(frame)).not.toBeNull();
});
