// For browser tests: the share links of one patient as stored, to count what a form made.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { shareLinks, studies } from '@/db/schema';

export async function patientRefOfStudy(studyId: string): Promise<string> {
  const [study] = await db().select({ patientRef: studies.patientRef }).from(studies).where(eq(studies.id, studyId));
  if (!study) throw new Error(`no study ${studyId}`);
  return study.patientRef;
}

export function shareLinksOfPatient(patientRef: string) {
  return db().select().from(shareLinks).where(eq(shareLinks.patientRef, patientRef));
}
