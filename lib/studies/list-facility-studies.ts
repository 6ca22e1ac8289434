// The front desk's study list: studies of the actor's facility, newest first.
import { and, desc, eq, ilike, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, studies } from '@/db/schema';
import { studyImageCount, studyModalities } from './study-summary-columns';
import type { StaffActor } from '@/lib/auth/actors';
import { assertCanReadStudies, staffStudyWhere } from './study-access';

export type FacilityStudyRow = {
  id: string;
  patientName: string;
  patientId: string;
  studyDate: string | null;
  description: string;
  modalities: string[];
  imageCount: number;
  createdAt: Date;
};


export async function listFacilityStudies(actor: StaffActor, options: { search?: string; limit?: number } = {}): Promise<FacilityStudyRow[]> {
  assertCanReadStudies(actor);
  const search = options.search?.trim();
  const matches = search
    ? or(ilike(patients.name, `%${search}%`), ilike(patients.patientId, `%${search}%`), ilike(studies.description, `%${search}%`))
    : undefined;
  return db()
    .select({
      id: studies.id,
      patientName: patients.name,
      patientId: patients.patientId,
      studyDate: studies.studyDate,
      description: studies.description,
      modalities: studyModalities,
      imageCount: studyImageCount,
      createdAt: studies.createdAt,
    })
    .from(studies)
    .innerJoin(patients, eq(patients.id, studies.patientRef))
    .where(matches ? and(staffStudyWhere(actor), matches) : staffStudyWhere(actor))
    .orderBy(desc(studies.createdAt))
    .limit(Math.min(options.limit ?? 100, 500));
}
