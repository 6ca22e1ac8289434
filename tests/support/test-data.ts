// Each test seeds its own facility and staff with unique names: no shared
// fixtures, nothing to tear down, tests can run in any order.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, studies, userRoles, users, type StaffRole } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { noRequestContext } from '@/lib/audit/record-audit';
import type { ConsentTermsInput } from '@/lib/consents/consent-input';
import { grantConsent, type RecordedConsent } from '@/lib/consents/record-consent';

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

/** A consent recorded as front-desk staff would: verbal, with a witness (no evidence file to store). */
export async function grantTestConsent(
  actor: StaffActor,
  studyId: string,
  terms: Partial<ConsentTermsInput> = {},
): Promise<RecordedConsent & { patientRef: string }> {
  const [study] = await db().select({ patientRef: studies.patientRef }).from(studies).where(eq(studies.id, studyId));
  if (!study) throw new Error(`no study ${studyId}`);
  const recorded = await grantConsent(
    actor,
    study.patientRef,
    {
      scope: 'all_studies',
      studyIds: [],
      recipientKind: 'any_holder',
      purpose: 'treatment',
      validUntil: new Date(Date.now() + 90 * 86_400_000),
      method: 'verbal_witnessed',
      witnessName: 'Test Witness',
      ...terms,
    },
    null,
    noRequestContext,
  );
  return { ...recorded, patientRef: study.patientRef };
}
