// E-mail in the browser journeys, through a real SMTP server on loopback: the front
// desk e-mails a link with an e-mailed one-time code; the patient opens the link
// from the message, has the code e-mailed, enters it and sees the studies; the
// issuer's alert about the first open arrives from the outbox.
import { test, expect } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { demoStaff } from '@/lib/auth/demo-accounts';
import { ingestSmallStudy } from '../support/generated-study';
import { waitForMail } from '../support/received-mail';
import { Recipient } from '../pages/recipient';
import { StaffConsole } from '../pages/staff-console';

test('[MAIL] a link e-mailed with a one-time code: the patient opens it from the e-mail, gets the code by e-mail, and the issuer is alerted', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `EM-${Date.now()}`, name: 'EMAIL^PAT', birthDate: '19750505', sex: 'F' } });
  const patientAddress = `patient-${Date.now()}@example.org`;

  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  await desk.page.getByLabel('a one-time code e-mailed when they open it').check();
  await desk.page.getByLabel('E-mail the link to').fill(patientAddress);
  await desk.page.getByRole('button', { name: 'Create share link' }).click();
  await expect(desk.page.getByTestId('emailed-to')).toHaveText(`E-mailed to ${patientAddress}.`);

  const linkMail = await waitForMail(patientAddress, /shared with you/);
  const url = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/.exec(linkMail.text)![0];
  const patient = new Recipient(await (await browser.newContext()).newPage());
  const openedFrom = Date.now(); // the demo account gets alerts from other specs' links too
  await patient.open(url);
  await expect(patient.page.getByText(/one-time code to p\*\*\*@example\.org/)).toBeVisible();
  await patient.page.getByRole('button', { name: 'E-mail me a code' }).click();
  await expect(patient.page.getByRole('status')).toContainText('on its way');
  const codeMail = await waitForMail(patientAddress, /one-time code/);
  const code = /code is: (\d{8})/.exec(codeMail.text)![1]!;
  await patient.answer(code);
  await expect(patient.page).toHaveURL(/\/links\//);
  await expect(patient.sharedStudies()).toHaveCount(1);

  const alert = await waitForMail(demoStaff.email, /was opened/, { timeoutMs: 20_000, since: openedFrom, text: /patient P\.E\./ });
  expect(alert.text).toContain('was opened for the first time');
  expect(alert.text).toContain('patient P.E.');
});
