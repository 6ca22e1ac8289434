// Verified addresses for the specialist inbox, through the pages: a facility admin
// declares the e-mail domains their IdP may assert; a clinician whose address lies
// outside them sees no referral until they confirm the address with the e-mailed code.
import { test, expect } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { noRequestContext } from '@/lib/audit/record-audit';
import { createShareLink } from '@/lib/shares/create-share-link';
import { signInWithOidc } from '../pages/institution-sign-in';
import { ingestSmallStudy } from '../support/generated-study';
import { grantTestConsent } from '../support/test-data';
import { waitForMail } from '../support/received-mail';
import { seriousAxeViolations } from '../support/axe';

test('[IDENTITY] an admin declares the e-mail domains their IdP may assert; a public mailbox provider is refused', async ({ page }) => {
  await signInWithOidc(page, 'admin.bob');
  await page.goto('/admin/identity-providers');
  const card = page.getByTestId('identity-provider').filter({ hasText: 'TGH Login' });
  await expect(card.getByTestId('email-domains')).toContainText('hospital.test: verified');
  const domains = card.getByLabel(/E-mail domains this provider may assert/);
  await domains.fill('hospital.test\ngmail.com');
  await card.getByRole('button', { name: 'Save domains' }).click();
  await expect(card.getByText('gmail.com is a public mailbox provider')).toBeVisible();
  await domains.fill('hospital.test\nRadiology.Hospital.test');
  await card.getByRole('button', { name: 'Save domains' }).click();
  await expect(card.getByTestId('email-domains')).toContainText('radiology.hospital.test: verified');
  await page.reload();
  await expect(page.getByTestId('identity-provider').filter({ hasText: 'TGH Login' }).getByTestId('email-domains')).toContainText('radiology.hospital.test: verified');
});

test('[INBOX] a clinician whose address is outside every claim confirms it with the e-mailed code before the referral appears', async ({ browser }) => {
  const desk = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(desk, { patient: { id: `FRANK-${Date.now()}`, name: 'UNCLAIMED^PAT', birthDate: '19700101', sex: 'F' }, slices: 2 });
  await grantTestConsent(desk, studyId, { recipientKind: 'named', recipientName: 'Dr Frank', recipientEmail: 'frank@clinic-elsewhere.test' });
  await createShareLink(desk, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code', recipientKind: 'named', purpose: 'treatment', recipientEmail: 'frank@clinic-elsewhere.test' }, noRequestContext);

  const page = await (await browser.newContext()).newPage();
  await signInWithOidc(page, 'dr.frank');
  await page.goto('/inbox');
  const item = page.getByTestId('inbox-item').filter({ hasText: 'UNCLAIMED^PAT' });
  const confirm = page.getByTestId('confirm-address');
  await expect(confirm).toContainText('f***@clinic-elsewhere.test');
  await expect(item).toHaveCount(0);
  expect(await seriousAxeViolations(page), 'the inbox with its address confirmation').toEqual([]);

  const since = Date.now();
  await confirm.getByRole('button', { name: 'E-mail me a code' }).click();
  await expect(confirm.getByRole('status')).toHaveText('Code sent to f***@clinic-elsewhere.test.');
  const mail = await waitForMail('frank@clinic-elsewhere.test', /one-time code/, { since });
  const code = /one-time code is: (\d{8})/.exec(mail.text)![1]!;
  await confirm.getByLabel('Code from the e-mail').fill(code === '00000000' ? '11111111' : '00000000');
  await confirm.getByRole('button', { name: 'Confirm address' }).click();
  await expect(confirm.getByRole('alert')).toContainText('That code is not right');
  await confirm.getByLabel('Code from the e-mail').fill(code);
  await confirm.getByRole('button', { name: 'Confirm address' }).click();
  await expect(item).toBeVisible();
  await expect(page.getByTestId('confirm-address')).toHaveCount(0);
  await item.getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/links\/[0-9a-f-]{36}$/);
});
