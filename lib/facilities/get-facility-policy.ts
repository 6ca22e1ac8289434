import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';

/** The sharing policy of the actor's own facility. */
export async function getFacilityPolicy(actor: StaffActor): Promise<{ name: string; maxLinkLifetimeDays: number }> {
  const [facility] = await db()
    .select({ name: facilities.name, maxLinkLifetimeDays: facilities.maxLinkLifetimeDays })
    .from(facilities)
    .where(eq(facilities.id, actor.facilityId));
  if (!facility) throw new AppError('not_found:facility');
  return facility;
}
