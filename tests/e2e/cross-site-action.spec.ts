// A form posted to one of our server actions from another site (CSRF) is refused
// with 403 and a plain sentence, before the action runs: nothing is created. The
// very same request sent from our own origin does create, so it is the origin
// alone that is refused. Both kinds of action request are tried: the plain form
// post a page sends before its script has run, and the fetch the script sends.
import { test, expect, type Page, type Request } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { StaffConsole } from '../pages/staff-console';
import { patientRefOfStudy, shareLinksOfPatient } from '../support/patient-share-links';

type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/** Presses "Create share link" and takes the request the browser sends, without letting it reach the server. */
async function captureCreateLinkPost(page: Page, studyId: string): Promise<CapturedAction> {
  let captured: Request | undefined;
  await page.route(`**/studies/${studyId}`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    captured = route.request();
    await route.abort();
  });
  await page.getByRole('button', { name: 'Create share link' }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute(`**/studies/${studyId}`);
  const all = await captured!.allHeaders();
  const keep = ['content-type', 'next-action', 'next-router-state-tree', 'accept'];
  return { url: captured!.url(), headers: Object.fromEntries(keep.filter((k) => all[k]).map((k) => [k, all[k]!])), body: captured!.postDataBuffer()! };
}

async function newStudy() {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: `CSRF-${Date.now()}`, name: 'CROSS^SITE', birthDate: '19810101', sex: 'M' } });
  const patientRef = await patientRefOfStudy(studyId);
  return { studyId, linkCount: async () => (await shareLinksOfPatient(patientRef)).length };
}

for (const javaScriptEnabled of [false, true]) {
  const kind = javaScriptEnabled ? 'the script’s fetch' : 'a plain form post';
  test(`[CSRF] ${kind} to a server action from another site answers 403 and creates nothing; from this site it creates the link`, async ({ browser }) => {
    const { studyId, linkCount } = await newStudy();
    const signIn = new StaffConsole(await (await browser.newContext()).newPage());
    await signIn.signInAsDemoFrontDesk();
    const context = await browser.newContext({ storageState: await signIn.page.context().storageState(), javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`/studies/${studyId}`);
    const action = await captureCreateLinkPost(page, studyId);
    if (javaScriptEnabled) expect(action.headers['next-action']).toBeTruthy();
    else expect(action.headers['content-type']).toMatch(/^multipart\/form-data/);

    for (const origin of ['http://evil.example', 'null']) {
      const refused = await page.request.post(action.url, { headers: { ...action.headers, origin }, data: action.body, maxRedirects: 0 });
      expect(refused.status(), origin).toBe(403);
      expect(refused.headers()['content-type'], origin).toMatch(/^text\/plain/);
      expect(await refused.text(), origin).toBe('This request came from another site and was refused.');
    }
    expect(await linkCount()).toBe(0);

    const ours = await page.request.post(action.url, { headers: { ...action.headers, origin: new URL(action.url).origin }, data: action.body, maxRedirects: 0 });
    expect(ours.status()).toBe(200);
    expect(await linkCount()).toBe(1);
    await context.close();
    await signIn.page.context().close();
  });
}
