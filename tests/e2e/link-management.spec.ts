// The front desk and the patient, driven in the browser: a link issued in three
// clicks (defaults), a view-only link with an open limit and a note, every link of
// the patient with its opens, unlock after lockout, extend, revoke; the patient
// forwards a study to a specialist under a consent and sees who used their link.
import { test, expect } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { grantTestConsent } from '../support/test-data';
import { Recipient } from '../pages/recipient';
import { StaffConsole } from '../pages/staff-console';

const wrong = (code: string) => (code === '00000000' ? '11111111' : '00000000');

test('[FRONT DESK] issue in three clicks, limit and view only, then unlock, extend and revoke from the patient’s links', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `FD-${Date.now()}`, name: 'FRONTDESK^PAT', birthDate: '19800808', sex: 'M' } });
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();

  // Three clicks from the study list: open the study, (defaults), create.
  await desk.page.goto('/studies');
  await desk.page.getByRole('link', { name: /FRONTDESK\^PAT/ }).first().click();
  await desk.page.getByRole('button', { name: 'Create share link' }).click();
  await expect(desk.page.getByTestId('share-url')).toHaveText(/\/s\//);

  // A view-only link that opens once, with a note.
  await desk.page.goto(`/studies/${studyId}`);
  await desk.page.getByText('More options').click();
  await desk.page.getByLabel('Maximum number of opens').fill('1');
  await desk.page.getByLabel(/view only/).check();
  await desk.page.getByLabel('Note to the recipient').fill('Bring these to your cardiology appointment.');
  const limited = await desk.issueLink({ accessCheck: 'code', days: '7' });

  const patient = new Recipient(await (await browser.newContext()).newPage());
  await patient.open(limited.url);
  for (let left = 4; left >= 0; left--) {
    await patient.answer(wrong(limited.code!));
    await patient.expectRefused(left > 0 ? new RegExp(`${left} attempts? left`) : /now locked/);
  }

  await desk.page.goto(`/studies/${studyId}`);
  await desk.page.getByRole('link', { name: 'All links of this patient' }).click();
  const row = desk.page.getByTestId('patient-link').filter({ hasText: 'view only' });
  await expect(row.getByTestId('link-state')).toHaveText('locked');
  await row.getByRole('button', { name: 'Unlock' }).click();
  await expect(row.getByRole('status')).toHaveText(/Unlocked/);

  await patient.open(limited.url);
  await patient.answer(limited.code!);
  await expect(patient.page).toHaveURL(/\/links\//);
  await expect(patient.page.getByTestId('note-to-recipient')).toContainText('cardiology appointment');
  await expect(patient.page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await expect(patient.page.getByText('View only')).toBeVisible();

  await desk.page.reload();
  await expect(row.getByTestId('link-state')).toHaveText('max opens reached');
  await expect(row).toContainText('Opened 1 of 1 time(s)');
  await row.getByLabel('Extend to').selectOption('30');
  await row.getByRole('button', { name: 'Extend' }).click();
  await expect(row.getByRole('status')).toHaveText(/Extended until/);
  // Revoking asks first, on its own page (busy-desk.spec.ts tests the asking itself).
  await row.getByRole('link', { name: 'Revoke…' }).click();
  await desk.page.getByRole('button', { name: 'Yes, revoke this link' }).click();
  await expect(row.getByTestId('link-state')).toHaveText('revoked');
  const listPage = patient.page.url();
  expect((await patient.page.goto(listPage))?.status()).toBe(404);
});

test('[PATIENT] forwards a study to a specialist under a consent, and sees who used the links', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `FW-${Date.now()}`, name: 'FORWARD^PAT', birthDate: '19900909', sex: 'F' } });
  await grantTestConsent(staff, studyId, { recipientKind: 'named', recipientName: 'Heart Clinic', recipientEmail: '@heart.example', purpose: 'second_opinion' });
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  await desk.page.getByText('More options').click();
  await desk.page.getByLabel(/may forward it to a specialist/).check();
  const link = await desk.issueLink({ accessCheck: 'code', days: '14' });

  const patient = new Recipient(await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage());
  await patient.open(link.url);
  await patient.answer(link.code!);
  await patient.page.getByRole('link', { name: 'Send to a specialist' }).click();
  await patient.page.getByLabel(/Specialist.s e-mail/).fill('dr.kim@elsewhere.example');
  await patient.page.getByLabel('Why').selectOption('second_opinion');
  await patient.page.getByRole('button', { name: 'Create a link for the specialist' }).click();
  await expect(patient.page.locator('main').getByRole('alert')).toContainText('names a different recipient');

  await patient.page.getByLabel(/Specialist.s e-mail/).fill('dr.kim@heart.example');
  await patient.page.getByRole('button', { name: 'Create a link for the specialist' }).click();
  const childUrl = (await patient.page.getByTestId('forwarded-url').textContent())!.trim();
  const childCode = (await patient.page.getByTestId('forwarded-code').textContent())!.trim();

  const specialist = new Recipient(await (await browser.newContext()).newPage());
  await specialist.open(childUrl);
  await specialist.answer(childCode);
  await expect(specialist.page).toHaveURL(/\/links\//);
  await expect(specialist.sharedStudies()).toHaveCount(1);
  await expect(specialist.page.getByRole('link', { name: 'Send to a specialist' })).toHaveCount(0);

  await patient.page.goto(patient.page.url().replace(/\/forward$/, '/history'));
  const history = patient.page.getByTestId('link-history');
  await expect(history).toContainText('Opened');
  expect(await history.getByRole('row', { name: /Opened/ }).count()).toBeGreaterThanOrEqual(2);
  expect(await patient.page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(375);
});
