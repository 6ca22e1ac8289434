// Withdrawing a consent in the staff console stops every route of a link shared
// under it on the very next request: the recipient's pages, the manifest, the
// download and the instance refresh all answer not-found, and the issuer sees
// the link as withdrawn. Each refusal is in the audit trail with its real reason.
import { test, expect, type Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import { ingestSmallStudy } from '../support/generated-study';
import { grantTestConsent } from '../support/test-data';
import { auditRowsFor } from '../support/audit-rows';
import { Recipient } from '../pages/recipient';
import { StaffConsole } from '../pages/staff-console';

async function expectNotFoundPage(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This link is not available' })).toBeVisible();
}

test('[CONSENT] withdrawing a consent stops its links on the next request of every route', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `WD-${Date.now()}`, name: 'WITHDRAWN^PAT', birthDate: '19650505', sex: 'F' } });
  const consent = await grantTestConsent(staff, studyId, { recipientKind: 'any_holder', purpose: 'second_opinion' });
  const link = await createShareLink(
    staff,
    { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code', recipientKind: 'any_holder', purpose: 'second_opinion' },
    noRequestContext,
  );

  const recipient = new Recipient(await (await browser.newContext()).newPage());
  await recipient.open(link.url);
  await recipient.answer(link.accessCode!);
  await expect(recipient.page).toHaveURL(/\/links\//);
  const linkPage = recipient.page.url();
  const manifestUrl = `/api/links/${link.shareLinkId}/studies/${studyId}/manifest`;
  expect((await recipient.page.request.get(manifestUrl)).status()).toBe(200);

  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/patients/${consent.patientRef}/consents`);
  await desk.page.getByLabel('How the patient withdrew it').fill('phoned the front desk');
  await desk.page.getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(desk.page.getByTestId('consent-status')).toHaveText('withdrawn');
  await expect(desk.page.getByTestId('consent').getByRole('listitem')).toContainText('consent withdrawn');

  await expectNotFoundPage(recipient.page, linkPage);
  expect((await recipient.page.request.get(manifestUrl)).status()).toBe(404);
  expect((await recipient.page.request.get(`/api/links/${link.shareLinkId}/studies/${studyId}/download`)).status()).toBe(404);
  const refresh = await recipient.page.request.get(`/api/links/${link.shareLinkId}/instances/00000000-0000-4000-8000-000000000000/object`, { maxRedirects: 0 });
  expect(refresh.status()).toBe(404);
  await expectNotFoundPage(recipient.page, link.url);

  await desk.page.goto(`/studies/${studyId}`);
  await expect(desk.page.locator('table').last()).toContainText('consent withdrawn');
  const refusals = (await auditRowsFor({ subjectId: link.shareLinkId })).filter((e) => e.type === 'SHARE_LINK_REJECTED');
  expect(refusals.length).toBeGreaterThanOrEqual(5);
  expect(new Set(refusals.map((r) => r.reason))).toEqual(new Set(['consent_withdrawn']));
});
