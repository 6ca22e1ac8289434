// specialist-inbox.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1): a referral as the specialist finds it
// after signing in through their institution (the journey itself is tested in inbox.spec.ts).
import { test, expect } from '@playwright/test';
import { StaffConsole } from '../pages/staff-console';
import { signInWithOidc } from '../pages/institution-sign-in';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { screenshotPath } from '../support/screenshot-path';

test('[INBOX] screenshot: the specialist inbox lists the study shared with them', async ({ browser }) => {
  const { studyId } = await ingestSmallStudy(await seedDemoAccounts(), {
    patient: { id: `SHOT-${Date.now()}`, name: 'LOPEZ^ANA', birthDate: '19620815', sex: 'F' },
    studyDescription: 'MR KNEE LEFT',
    kind: 'MR',
    slices: 3,
  });
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  await desk.openConsents();
  await desk.recordNamedConsentSignedOnScreen({ name: 'Dr Erin, Test General Hospital', email: '@hospital.test' });
  await desk.page.goto(`/studies/${studyId}`);
  await desk.issueLink({ accessCheck: 'code', days: '14', specialistEmail: 'erin@hospital.test' });

  const page = await (await browser.newContext({ viewport: { width: 1024, height: 640 } })).newPage();
  await signInWithOidc(page, 'dr.erin');
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId('inbox-item').filter({ hasText: 'LOPEZ^ANA' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('specialist-inbox.png'), fullPage: true });
});
