// Every staff page and route, called without a session, and as staff of another
// facility: sign-in redirect / 401, or not-found — never the data.
import { test, expect } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { ingestSmallStudy } from '../support/generated-study';
import { signInWithOidc } from '../pages/institution-sign-in';
import { grantTestConsent } from '../support/test-data';
import { createShareLink } from '@/lib/shares/create-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';

let demoStudyId: string;
let demoPatientRef: string;
let demoConsentVersionId: string;
let demoLinkId: string;

test.beforeAll(async () => {
  const staff = await seedDemoAccounts();
  demoStudyId = (await ingestSmallStudy(staff)).studyId;
  const consent = await grantTestConsent(staff, demoStudyId);
  demoPatientRef = consent.patientRef;
  demoConsentVersionId = consent.versionId;
  demoLinkId = (await createShareLink(staff, { studyIds: [demoStudyId], expiresInDays: 7, accessCheck: 'code' }, noRequestContext)).shareLinkId;
});

const staffPages = () => [
  '/studies',
  `/studies/${demoStudyId}`,
  '/upload',
  '/inbox',
  '/shares/00000000-0000-4000-8000-000000000000/history',
  '/admin/users',
  '/admin/identity-providers',
  '/admin/storage',
  '/admin/facility',
  '/audit',
  `/patients/${demoPatientRef}/consents`,
  `/patients/${demoPatientRef}/links`,
  `/patients/${demoPatientRef}/links/${demoLinkId}/revoke`,
  `/patients/${demoPatientRef}/upload-links`,
  '/quarantine',
];

test('[ACCESS] without a session every staff page redirects to sign-in and the upload route answers 401', async ({ request }) => {
  for (const path of staffPages()) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toContain('/sign-in');
  }
  const upload = await request.post('/api/uploads?name=a.dcm', { data: Buffer.from('x') });
  expect(upload.status()).toBe(401);
  expect((await request.get('/api/audit/export?format=csv')).status()).toBe(401);
  expect((await request.get(`/api/consents/${demoConsentVersionId}/evidence`, { maxRedirects: 0 })).status()).toBe(401);
});

test("[ACCESS] staff of another facility get not-found for this facility's study and see none of its studies", async ({ page }) => {
  await signInWithOidc(page, 'admin.bob'); // Test General Hospital, facility admin + front desk
  await expect(page).toHaveURL(/\/studies$/);
  const res = await page.goto(`/studies/${demoStudyId}`);
  expect(res?.status()).toBe(404);
  await page.goto('/studies');
  await expect(page.getByText('SAMPLE^ALEX')).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByText('frontdesk@demo.scanshare.invalid')).toHaveCount(0);
  await page.goto('/admin/storage');
  await expect(page.getByRole('heading', { name: 'Storage integrity' })).toBeVisible();
  await page.goto('/admin/facility'); // their own facility's details, never the demo facility's
  await expect(page.getByRole('heading', { name: 'Facility contact details' })).toBeVisible();
  await expect(page.getByLabel('Phone number')).not.toHaveValue('+1 555 0100');
  await expect(page.getByText('Demo Imaging Centre')).toHaveCount(0);
  expect((await page.goto(`/patients/${demoPatientRef}/consents`))?.status()).toBe(404);
  expect((await page.goto(`/patients/${demoPatientRef}/links`))?.status()).toBe(404);
  expect((await page.goto(`/patients/${demoPatientRef}/links/${demoLinkId}/revoke`))?.status()).toBe(404);
  expect((await page.request.get(`/api/consents/${demoConsentVersionId}/evidence`, { maxRedirects: 0 })).status()).toBe(404);
  await page.goto('/audit');
  await expect(page.getByText('SAMPLE^ALEX')).toHaveCount(0);
});

test('[ACCESS] a signed-in user without a role gets a "no access" page with 403 on every staff page, never an error page', async ({ page }) => {
  await signInWithOidc(page, 'nobody.carol'); // Test General Hospital, in no mapped group: no role
  await expect(page).toHaveURL(/\/studies$/);
  for (const path of staffPages()) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { name: 'No access' }), path).toBeVisible();
    await expect(page.getByRole('main'), path).toContainText('Your roles: none.');
    await expect(page.getByRole('link', { name: 'Sign out' }), path).toBeVisible();
  }
});

test('[ACCESS] a clinician gets a "no access" page with 403 on the front desk, admin and audit pages, and still has the inbox', async ({ page }) => {
  await signInWithOidc(page, 'dr.erin'); // Test General Hospital, clinician only
  await expect(page).toHaveURL(/\/inbox$/);
  for (const path of staffPages().filter((p) => p !== '/studies' && p !== '/inbox')) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole('main'), path).toContainText('Your roles: clinician.');
  }
  expect((await page.goto('/inbox'))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Shared with me' })).toBeVisible();
});
