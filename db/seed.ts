// Demo data for embedded defaults: the demo facility and its front-desk user.
// Idempotent; never runs unless the demo is enabled (see scripts/start.ts).
import { and, eq, isNull } from 'drizzle-orm';
import { db } from './client';
import { facilities, userRoles, users } from './schema';
import { demoFacility, demoFacilityContact, demoStaff } from '@/lib/auth/demo-accounts';
import type { StaffActor } from '@/lib/auth/actors';

export async function seedDemoAccounts(): Promise<StaffActor> {
  return db().transaction(async (tx) => {
    await tx.insert(facilities).values(demoFacility).onConflictDoNothing({ target: facilities.slug });
    // Contact details for the quick start, also on a demo database seeded before they existed;
    // never over details an admin has set.
    await tx
      .update(facilities)
      .set(demoFacilityContact)
      .where(and(eq(facilities.slug, demoFacility.slug), isNull(facilities.displayName), isNull(facilities.phone), isNull(facilities.address), isNull(facilities.helpText)));
    const [facility] = await tx.select().from(facilities).where(eq(facilities.slug, demoFacility.slug));
    if (!facility) throw new Error('demo facility missing after insert');
    await tx
      .insert(users)
      .values({ facilityId: facility.id, email: demoStaff.email, displayName: demoStaff.displayName })
      .onConflictDoNothing({ target: [users.facilityId, users.email] });
    const [user] = await tx.select().from(users).where(and(eq(users.facilityId, facility.id), eq(users.email, demoStaff.email)));
    if (!user) throw new Error('demo user missing after insert');
    const roles = ['front_desk', 'facility_admin'] as const;
    await tx
      .insert(userRoles)
      .values(roles.map((role) => ({ userId: user.id, role })))
      .onConflictDoNothing();
    return { kind: 'staff', userId: user.id, facilityId: facility.id, roles };
  });
}
