import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, uploadLinks } from '@/db/schema';
import type { UploadLinkActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { facilityContactOf, type FacilityContact } from '@/lib/facilities/facility-contact';

/**
 * What the outside uploader's page shows: who asked for the images, the staff's note
 * and until when. No patient data: the uploader proved they know the patient, and
 * learns nothing more from us.
 */
export async function uploadPageFor(actor: UploadLinkActor): Promise<{ facility: FacilityContact; note: string | null; expiresAt: Date }> {
  const [row] = await db()
    .select({ facility: facilities, note: uploadLinks.noteToUploader, expiresAt: uploadLinks.expiresAt })
    .from(uploadLinks)
    .innerJoin(facilities, eq(facilities.id, uploadLinks.facilityId))
    .where(eq(uploadLinks.id, actor.uploadLinkId));
  if (!row) throw new AppError('not_found:upload_link');
  return { ...row, facility: facilityContactOf(row.facility) };
}
