// A clinician whose address the inbox trusts, made the way production makes one: a
// facility whose admin connected an OIDC provider and declared its e-mail domain
// (unique per call, so no other facility contests it), and a first sign-in through
// it with email_verified. The IdP's answer is given as claims here; the regression
// test (inbox-verified-addresses.test.ts) gets them from a real provider.
import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { identityProviders } from '@/db/schema';
import { loadStaffActor } from '@/lib/auth/load-staff-actor';
import { signInWithIdentity } from '@/lib/auth/sign-in-with-identity';
import type { StaffActor } from '@/lib/auth/actors';
import { noRequestContext } from '@/lib/audit/record-audit';
import { setEmailDomainsInput, setProviderEmailDomains } from '@/lib/identity-providers/email-domain-claims';
import { createFacility, createStaff } from './test-data';

export async function createVerifiedClinician(): Promise<{ actor: StaffActor; email: string; facilityId: string }> {
  const facility = await createFacility();
  const run = randomUUID().slice(0, 8);
  const domain = `clinic-${run}.test`;
  const [provider] = await db()
    .insert(identityProviders)
    .values({ facilityId: facility.id, kind: 'oidc', displayName: 'Clinic login', oidcIssuer: `https://login.${domain}`, oidcClientId: 'scanshare', oidcClientSecret: 'secret', roleMapping: { clinicians: ['clinician'] } })
    .returning();
  const admin = await createStaff(facility.id, ['facility_admin']);
  await setProviderEmailDomains(admin, setEmailDomainsInput.parse({ providerId: provider!.id, domains: domain }), noRequestContext);
  const email = `dr.${run}@${domain}`;
  const signedIn = await signInWithIdentity(
    provider!,
    { issuer: provider!.oidcIssuer!, subject: `sub-${run}`, email, emailVerified: true, displayName: 'Dr Specialist', groups: ['clinicians'] },
    noRequestContext,
  );
  const actor = await loadStaffActor(signedIn.userId);
  return { actor: actor!, email, facilityId: facility.id };
}
