// The study page's share form at a busy desk: a share refused for want of a
// consent keeps every field as the clerk entered it (with and without the page's
// script), so pressing again once the consent is on file shares with that
// specialist, never silently with the patient; and one form, however often it is
// sent, makes one link.
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import type { StaffActor } from '@/lib/auth/actors';
import { ingestSmallStudy } from '../support/generated-study';
import { grantTestConsent } from '../support/test-data';
import { patientRefOfStudy, shareLinksOfPatient } from '../support/patient-share-links';
import { StaffConsole } from '../pages/staff-console';
import { ShareForm, type ShareFormEntry } from '../pages/share-form';

let staff: StaffActor;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

test.beforeAll(async ({ browser }) => {
  staff = await seedDemoAccounts();
  const desk = new StaffConsole(await (await browser.newContext()).newPage());
  await desk.signInAsDemoFrontDesk();
  signedIn = await desk.page.context().storageState();
  await desk.page.context().close();
});

async function newStudy(tag: string) {
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `SF-${tag}-${Date.now()}`, name: 'FORM^KEEPER', birthDate: '19720202', sex: 'F' } });
  return { studyId, patientRef: await patientRefOfStudy(studyId) };
}

const linksOf = shareLinksOfPatient;

async function deskPage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ storageState: signedIn, javaScriptEnabled });
  return context.newPage();
}

const toSpecialist = (email: string): ShareFormEntry => ({
  recipient: 'named',
  specialistEmail: email,
  purpose: 'second_opinion',
  days: '14',
  accessCheck: 'code',
  maxOpens: '3',
  viewOnly: true,
  note: 'Please compare with the 2024 scan.',
});

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with script' : 'without script';
  test(`[SHARE] ${mode}, a share refused for want of consent keeps every field, and the next press shares with that specialist`, async ({ browser }) => {
    const { studyId, patientRef } = await newStudy(javaScriptEnabled ? 'js' : 'nojs');
    const email = `dr.lee.${javaScriptEnabled ? 'js' : 'nojs'}@clinic.test`;
    const entry = toSpecialist(email);
    const page = await deskPage(browser, javaScriptEnabled);
    await page.goto(`/studies/${studyId}`);
    const form = new ShareForm(page);
    await form.fill(entry);
    await form.submitButton().click();
    await expect(form.form().getByRole('alert')).toContainText('no consent on file');

    await form.expectShowing(entry);
    expect(await form.fieldsToSubmit()).toMatchObject({
      recipientKind: 'named',
      recipientEmail: email,
      purpose: 'second_opinion',
      expiresInDays: '14',
      accessCheck: 'code',
      maxOpens: '3',
      viewOnly: 'on',
      noteToRecipient: entry.note,
    });
    expect(await linksOf(patientRef)).toHaveLength(0);

    // The clerk records the consent (elsewhere) and presses again on the same form.
    await grantTestConsent(staff, studyId, { recipientKind: 'named', recipientName: 'Dr Lee', recipientEmail: email, purpose: 'second_opinion' });
    await form.submitButton().click();
    await expect(page.getByTestId('share-url')).toHaveText(/\/s\//);
    await expect(page.getByTestId('access-code')).toHaveText(/^\d{8}$/);

    const links = await linksOf(patientRef);
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toMatchObject({
      recipientKind: 'named',
      recipientEmail: email,
      purpose: 'second_opinion',
      accessCheckKind: 'code',
      maxOpens: 3,
      allowDownload: false,
      allowForward: false,
      noteToRecipient: entry.note,
    });
    const days = (link.expiresAt.getTime() - link.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(14, 1);
    await page.context().close();
  });
}

test('[SHARE] a double-click on "Create share link" makes one link, and the link is shown', async ({ browser }) => {
  const { studyId, patientRef } = await newStudy('dbl');
  const page = await deskPage(browser, true);
  await page.goto(`/studies/${studyId}`);
  await new ShareForm(page).submitButton().dblclick();
  await expect(page.getByTestId('share-url')).toHaveText(/\/s\//);
  await page.waitForLoadState('networkidle');
  expect(await linksOf(patientRef)).toHaveLength(1);
  await page.context().close();
});

test('[SHARE] the form sent twice in one go by the page makes one link, and the new link stays on screen', async ({ browser }) => {
  const { studyId, patientRef } = await newStudy('twojs');
  const page = await deskPage(browser, true);
  await page.goto(`/studies/${studyId}`);
  const form = new ShareForm(page);
  // Two submits before React has drawn the pending state (the button is still enabled for the second).
  await form.form().evaluate((f) => {
    (f as HTMLFormElement).requestSubmit();
    (f as HTMLFormElement).requestSubmit();
  });
  await expect(page.getByTestId('share-url')).toHaveText(/\/s\//);
  await page.waitForLoadState('networkidle');
  await expect(page.getByTestId('share-url')).toBeVisible();
  expect(await linksOf(patientRef)).toHaveLength(1);
  await page.context().close();
});

test('[SHARE] one form sent twice at once (a double press before the page has its script) makes one link', async ({ browser }) => {
  const { studyId, patientRef } = await newStudy('twice');
  const page = await deskPage(browser, false);
  await page.goto(`/studies/${studyId}`);
  const statuses: number[] = [];
  // The browser's own POST goes on; the very same request (same body, same session) is sent beside it.
  await page.route(`**/studies/${studyId}`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const headers = await request.allHeaders();
    const again = page.request
      .post(request.url(), { headers: { 'content-type': headers['content-type']!, origin: headers['origin']! }, data: request.postDataBuffer()!, maxRedirects: 0 })
      .then((res) => statuses.push(res.status()));
    await Promise.all([route.continue(), again]);
  });
  await new ShareForm(page).submitButton().click();
  await expect(page.getByTestId('share-url').or(page.getByTestId('share-link-repeated'))).toBeVisible();
  expect(statuses).toEqual([200]);
  expect(await linksOf(patientRef)).toHaveLength(1);

  // Sending the form of that render once more (a reload that re-posts it) still makes no second link, and says so.
  await page.unroute(`**/studies/${studyId}`);
  await page.reload();
  await expect(page.getByTestId('share-link-repeated')).toContainText('already created');
  await expect(page.getByTestId('share-url')).toHaveCount(0);
  expect(await linksOf(patientRef)).toHaveLength(1);
  await page.context().close();
});
