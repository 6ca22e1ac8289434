// Recipients are told who shared a link and how to reach them (issue 19 §4): the
// access check, the study list, and the not-available page of a link that exists
// but can no longer be opened (locked, revoked) name the facility with its phone as
// a tel: link, its address and help text; an unknown token's page names nobody.
// E-mails to recipients (the link, the one-time code) say the same, as the SMTP sink
// receives them. The demo facility's details come from db/seed.ts.
import { test, expect, type Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { demoFacilityContact } from '@/lib/auth/demo-accounts';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import { createUploadLink } from '@/lib/upload-links/create-upload-link';
import { updateFacilityDetails } from '@/lib/facilities/facility-details';
import { facilityDetailsInput } from '@/lib/facilities/facility-details-input';
import { Recipient } from '../pages/recipient';
import { seriousAxeViolations } from '../support/axe';
import { patientLinkToSmallStudy } from '../support/share-link-for-tests';
import { patientRefOfStudy } from '../support/upload-link';
import { ingestSmallStudy } from '../support/generated-study';
import { waitForMail } from '../support/received-mail';
import { StaffConsole } from '../pages/staff-console';

let newLink: Awaited<ReturnType<typeof patientLinkToSmallStudy>>;

test.beforeAll(async () => {
  newLink = await patientLinkToSmallStudy();
});

const wrongCode = (code: string) => (code === '00000000' ? '11111111' : '00000000');

async function expectFacilityContact(page: Page, sharedBy = 'Shared by Demo Imaging Centre') {
  const card = page.getByTestId('facility-contact');
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading')).toHaveText(sharedBy);
  const phone = card.getByRole('link', { name: demoFacilityContact.phone });
  await expect(phone).toHaveAttribute('href', 'tel:+15550100');
  await expect(card.getByTestId('facility-address')).toHaveText(demoFacilityContact.address);
  await expect(card.getByTestId('facility-help')).toHaveText(demoFacilityContact.helpText);
}

async function expectNotAvailable(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), 'still "not found" to the outside').toBe(404);
  await expect(page.getByRole('heading', { name: 'This link is not available' })).toBeVisible();
}

test("[CONTACT] the access check and the study list name the facility and its phone, in English and Spanish", async ({ browser }) => {
  const link = await newLink();
  const recipient = new Recipient(await (await browser.newContext({ locale: 'en-US' })).newPage());
  await recipient.open(link.url);
  await expectFacilityContact(recipient.page);
  expect(await seriousAxeViolations(recipient.page), 'access check').toEqual([]);
  await recipient.answer(link.code);
  await expect(recipient.sharedStudies()).toHaveCount(1);
  await expectFacilityContact(recipient.page);
  expect(await seriousAxeViolations(recipient.page), 'study list').toEqual([]);

  const spanish = new Recipient(await (await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES' } })).newPage());
  await spanish.open((await newLink()).url);
  await expectFacilityContact(spanish.page, 'Compartido por Demo Imaging Centre');
  await expect(spanish.page.getByTestId('facility-contact')).toContainText('Teléfono:');
});

test("[CONTACT] a locked link's page and a revoked link's page name the facility and its phone; an unknown token's page names none", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  const recipient = new Recipient(page);

  const locked = await newLink();
  await recipient.open(locked.url);
  for (let left = 4; left >= 1; left--) {
    await recipient.answer(wrongCode(locked.code));
    await recipient.expectRefused(new RegExp(`${left} attempts? left`));
  }
  await recipient.answer(wrongCode(locked.code));
  await recipient.expectRefused(/now locked/);
  await expectFacilityContact(page);
  await expectNotAvailable(page, locked.url);
  await expectFacilityContact(page);
  await expect(page.locator('main')).toContainText('Ask Demo Imaging Centre for a new link.');
  expect(await seriousAxeViolations(page), "a locked link's page").toEqual([]);

  const revoked = await newLink();
  await revokeShareLink(await seedDemoAccounts(), revoked.shareLinkId, noRequestContext);
  await expectNotAvailable(page, revoked.url);
  await expectFacilityContact(page);

  // A well-formed token of no link, and a malformed one: the generic page, naming nobody.
  const token = locked.url.split('/s/')[1]!;
  for (const url of [`/s/${(token[0] === 'A' ? 'B' : 'A') + token.slice(1)}`, '/s/not-a-token', `/u/${token}`]) {
    await expectNotAvailable(page, url);
    await expect(page.getByTestId('facility-contact')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('Demo Imaging Centre');
    await expect(page.locator('body')).not.toContainText('555');
    await expect(page.locator('main')).toContainText('If someone shared imaging studies with you, ask them for a new link.');
  }
});

test("[CONTACT] the upload link's access check and upload page name the facility and its phone", async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const link = await newLink();
  const upload = await createUploadLink(staff, { patientRef: await patientRefOfStudy(link.studyId), expiresInDays: 7, accessCheck: 'code' }, noRequestContext);
  const uploader = new Recipient(await (await browser.newContext({ locale: 'en-US' })).newPage());
  await uploader.open(upload.url);
  await expectFacilityContact(uploader.page);
  expect(await seriousAxeViolations(uploader.page), 'upload access check').toEqual([]);
  await uploader.answer(upload.accessCode!);
  await expect(uploader.page).toHaveURL(/\/uploads-for\//);
  await expectFacilityContact(uploader.page);
});

test('[CONTACT] the e-mailed link and the e-mailed one-time code name the facility and its phone', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `FC-${Date.now()}`, name: 'CONTACT^PAT', birthDate: '19750505', sex: 'F' } });
  const address = `contact-${Date.now()}@example.org`;
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  await desk.page.goto(`/studies/${studyId}`);
  await desk.page.getByLabel('a one-time code e-mailed when they open it').check();
  await desk.page.getByLabel('E-mail the link to').fill(address);
  await desk.page.getByRole('button', { name: 'Create share link' }).click();
  await expect(desk.page.getByTestId('emailed-to')).toHaveText(`E-mailed to ${address}.`);

  const linkMail = await waitForMail(address, /shared with you by Demo Imaging Centre/);
  expect(linkMail.text).toContain('Questions? Contact Demo Imaging Centre by phone at +1 555 0100.');
  expect(linkMail.text).toContain('Address: 100 Example Street, Springfield');
  expect(linkMail.text).toContain(demoFacilityContact.helpText);

  const url = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/.exec(linkMail.text)![0];
  const patient = new Recipient(await (await browser.newContext()).newPage());
  await patient.open(url);
  await patient.page.getByRole('button', { name: 'E-mail me a code' }).click();
  await expect(patient.page.getByRole('status')).toContainText('on its way');
  const codeMail = await waitForMail(address, /one-time code/);
  expect(codeMail.text).toContain('It opens the imaging studies Demo Imaging Centre shared with you.');
  expect(codeMail.text).toContain('by phone at +1 555 0100');
});

test('[CONTACT] the facility admin edits the details on the admin page; recipients see them at once, as plain text', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk(); // the demo account is also the demo facility's admin
  try {
    await desk.page.goto('/admin/facility');
    await expect(desk.page.getByRole('heading', { name: 'Facility contact details' })).toBeVisible();
    await expect(desk.page.getByLabel('Phone number')).toHaveValue(demoFacilityContact.phone);
    await desk.page.getByLabel('Phone number').fill('call us');
    await desk.page.getByRole('button', { name: 'Save details' }).click();
    await expect(desk.page.getByText('A phone number: digits, spaces, + ( ) - . / only.')).toBeVisible();
    expect(await seriousAxeViolations(desk.page), 'admin page with a refusal').toEqual([]);

    await desk.page.getByLabel('Phone number').fill('+1 555 0142');
    await desk.page.getByLabel('Help text').fill('Ask for <b>Records</b>\nWeekdays only.');
    await desk.page.getByRole('button', { name: 'Save details' }).click();
    await expect(desk.page.getByRole('status')).toHaveText('Saved. Recipients see the new details from now on.');

    const recipient = new Recipient(await (await browser.newContext({ locale: 'en-US' })).newPage());
    await recipient.open((await newLink()).url);
    const card = recipient.page.getByTestId('facility-contact');
    await expect(card.getByRole('link', { name: '+1 555 0142' })).toHaveAttribute('href', 'tel:+15550142');
    await expect(card.getByTestId('facility-help')).toHaveText('Ask for <b>Records</b>\nWeekdays only.', { useInnerText: true });
    await expect(card.locator('b'), 'markup is shown as text, never rendered').toHaveCount(0);
  } finally {
    // Put the demo details back for the other tests (through the same domain function).
    await updateFacilityDetails(staff, facilityDetailsInput.parse({ facilityId: staff.facilityId, ...demoFacilityContact }), noRequestContext);
  }
});
