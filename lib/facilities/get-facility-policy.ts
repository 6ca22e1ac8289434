import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { facilityContactOf } from './facility-contact';

/**
 * The sharing policy of the actor's own facility, and how recipients see it:
 * `name` is the name recipients see (the display name when set), `phone` goes on the handout.
 */
export async function getFacilityPolicy(actor: StaffActor): Promise<{ name: string; phone: string | null; maxLinkLifetimeDays: number }> {
  const [facility] = await db().select().from(facilities).where(eq(facilities.id, actor.facilityId));
  if (!facility) throw new AppError('not_found:facility');
  const contact = facilityContactOf(facility);
  return { name: contact.name, phone: contact.phone, maxLinkLifetimeDays: facility.maxLinkLifetimeDays };
}
