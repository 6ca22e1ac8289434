// Each test seeds its own facility and staff with unique names: no shared
// fixtures, nothing to tear down, tests can run in any order.
import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { facilities, userRoles, users, type StaffRole } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';

export function assertLocalDatabase(): void {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://missing');
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) {
    throw new Error(`refusing to run tests against a non-local database (${url.hostname})`);
  }
}

export async function createFacility(options: { maxLinkLifetimeDays?: number } = {}) {
  assertLocalDatabase();
  const slug = `test-${randomUUID().slice(0, 8)}`;
  const [facility] = await db()
    .insert(facilities)
    .values({ slug, name: `Test Facility ${slug}`, maxLinkLifetimeDays: options.maxLinkLifetimeDays ?? 30 })
    .returning();
  return facility!;
}

export async function createStaff(facilityId: string, roles: StaffRole[] = ['front_desk']): Promise<StaffActor> {
  const [user] = await db()
    .insert(users)
    .values({ facilityId, email: `${randomUUID().slice(0, 8)}@test.invalid`, displayName: 'Test Staff' })
    .returning();
  if (roles.length > 0) await db().insert(userRoles).values(roles.map((role) => ({ userId: user!.id, role })));
  return { kind: 'staff', userId: user!.id, facilityId, roles };
}
