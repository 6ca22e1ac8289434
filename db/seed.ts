// Demo data for embedded defaults: the demo facility and one staff account per
// demo sign-in (lib/auth/demo-accounts.ts). The demo specialist's address counts
// for the inbox as one confirmed by a code would (lib/shares/verified-inbox-addresses.ts):
// it is an .invalid address no mail can reach. Idempotent; never runs unless the
// demo is enabled (see scripts/start.ts).
import { and, eq, isNull } from 'drizzle-orm';
import { db, type Tx } from './client';
import { facilities, inboxAddressConfirmations, userRoles, users } from './schema';
import { demoAccounts, demoFacility, demoFacilityContact, type DemoAccountKey } from '@/lib/auth/demo-accounts';
import type { StaffActor } from '@/lib/auth/actors';

async function seedDemoUser(tx: Tx, facilityId: string, key: DemoAccountKey): Promise<StaffActor> {
  const account = demoAccounts[key];
  await tx
    .insert(users)
    .values({ facilityId, email: account.email, displayName: account.displayName })
    .onConflictDoNothing({ target: [users.facilityId, users.email] });
  const [user] = await tx.select().from(users).where(and(eq(users.facilityId, facilityId), eq(users.email, account.email)));
  if (!user) throw new Error(`demo user ${key} missing after insert`);
  await tx
    .insert(userRoles)
    .values(account.roles.map((role) => ({ userId: user.id, role })))
    .onConflictDoNothing();
  return { kind: 'staff', userId: user.id, facilityId, roles: [...account.roles] };
}

/** Seeds every demo account; returns the demo front desk (who puts the demo study in). */
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
    const frontDesk = await seedDemoUser(tx, facility.id, 'frontdesk');
    await seedDemoUser(tx, facility.id, 'clerk');
    await seedDemoUser(tx, facility.id, 'admin');
    const specialist = await seedDemoUser(tx, facility.id, 'specialist');
    await tx
      .insert(inboxAddressConfirmations)
      .values({ userId: specialist.userId, email: demoAccounts.specialist.email })
      .onConflictDoNothing();
    return frontDesk;
  });
}
