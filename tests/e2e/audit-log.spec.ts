// "Who saw this patient's CT, when, from where": a facility administrator filters
// the audit log by patient and study in the browser, sees the view and the
// download with the address they came from, and exports the same answer as CSV
// and as a FHIR R4 Bundle of AuditEvents.
import { test, expect } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { buildStudyManifest } from '@/lib/studies/study-manifest';
import { exportStudyZip } from '@/lib/studies/export-study-zip';
import { ingestSmallStudy } from '../support/generated-study';
import { StaffConsole } from '../pages/staff-console';

test('[AUDIT] a compliance search answers who saw a patient’s CT, in the page and as CSV and FHIR exports', async ({ browser }) => {
  const staff = await seedDemoAccounts();
  const mrn = `AUD-${Date.now()}`;
  const { studyId } = await ingestSmallStudy(staff, { patient: { id: mrn, name: 'AUDITED^PAT', birthDate: '19720202', sex: 'F' }, accession: `ACC${Date.now() % 1e8}` });
  const recipientContext = { clientIp: '198.51.100.23', userAgent: 'Specialist Browser/1.0' };
  const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 3, accessCheck: 'code' }, recipientContext);
  const opened = await verifyShareLinkAccess(link.url.split('/s/')[1]!, link.accessCode!, recipientContext);
  if (!opened.ok) throw new Error('could not open the link');
  const holder = await resolveLinkActor(opened.sessionSecret, link.shareLinkId, recipientContext);
  await buildStudyManifest(holder, studyId, recipientContext);
  for await (const _chunk of (await exportStudyZip(holder, studyId, recipientContext)).stream) void _chunk;

  const admin = new StaffConsole(await (await browser.newContext()).newPage());
  await admin.signInAsDemoFrontDesk(); // the demo account is also the facility's administrator
  const page = admin.page;
  await page.goto('/audit');
  await page.getByLabel(/^Patient/).fill(mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('198.51.100.23');
  await expect(log.getByRole('row').filter({ hasText: /Study viewed/i })).toContainText('198.51.100.23');
  await expect(log.getByRole('row').filter({ hasText: /Study downloaded/i })).toHaveCount(1);

  const csv = await page.request.get(`/api/audit/export?format=csv&patient=${mrn}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines.find((l) => l.includes('STUDY_VIEWED'))).toContain('198.51.100.23');
  expect(lines.find((l) => l.includes('STUDY_DOWNLOADED'))).toContain(mrn);

  const fhir = await page.request.get(`/api/audit/export?format=fhir&patient=${mrn}`);
  expect(fhir.status()).toBe(200);
  const bundle = (await fhir.json()) as { resourceType: string; entry: Array<{ resource: { resourceType: string; action: string; agent: Array<{ network?: { address: string } }> } }> };
  expect(bundle.resourceType).toBe('Bundle');
  const viewed = bundle.entry.map((e) => e.resource).filter((r) => r.action === 'R' && r.agent.some((a) => a.network?.address === '198.51.100.23'));
  expect(viewed.length).toBeGreaterThanOrEqual(2);
  expect(viewed.every((r) => r.resourceType === 'AuditEvent')).toBe(true);
});
