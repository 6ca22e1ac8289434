// A patient's link to a small generated study, issued through the domain
// function (the browser tests of the staff pages issue theirs through the UI).
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import type { StudySpec } from '@/lib/dicom/generate-study';
import { ingestSmallStudy } from './generated-study';

export async function patientLinkToSmallStudy() {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, {
    patient: { id: `I18N-${Date.now()}`, name: 'GARCIA^MARIA', birthDate: '19800307', sex: 'F' },
    studyDescription: 'CT CHEST',
    slices: 3,
  });
  return async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, noRequestContext);
    return { url: link.url, code: link.accessCode!, shareLinkId: link.shareLinkId, studyId };
  };
}

/** A patient's link to a demo-like head CT (two series, full-size slices), for the viewer tests. */
export async function patientLinkToPhoneStudy(slices: number, overrides: Partial<StudySpec> = {}) {
  const staff = await seedDemoAccounts();
  const { studyId } = await ingestSmallStudy(staff, {
    patient: { id: `PHONE-${Date.now()}`, name: 'SAMPLE^ALEX', birthDate: '19800307', sex: 'O' },
    studyDescription: 'CT HEAD WITHOUT CONTRAST (synthetic)',
    series: 2,
    slices,
    rows: 256,
    columns: 256,
    ...overrides,
  });
  return async () => {
    const link = await createShareLink(staff, { studyIds: [studyId], expiresInDays: 7, accessCheck: 'code' }, noRequestContext);
    return { url: link.url, code: link.accessCode!, shareLinkId: link.shareLinkId, studyId };
  };
}
