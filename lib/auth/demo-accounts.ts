// The demo facility and its staff accounts, which exist only on embedded/demo
// defaults (SCANSHARE_DEMO). Production refuses the demo sign-in (lib/env.ts).
import type { StaffRole } from '@/db/schema';

export const demoFacility = { slug: 'demo', name: 'Demo Imaging Centre', maxLinkLifetimeDays: 30 } as const;

/** What recipients of demo links see about the demo facility (its admin can change it at /admin/facility). 555-01xx numbers are fictional. */
export const demoFacilityContact = {
  displayName: 'Demo Imaging Centre',
  phone: '+1 555 0100',
  address: '100 Example Street\nSpringfield',
  helpText: 'Imaging records desk: Monday to Friday, 8:00 to 18:00. Ask for a new link if yours has expired.',
} as const;
export const demoStaff = { email: 'frontdesk@demo.scanshare.invalid', displayName: 'Demo Front Desk' } as const;

/**
 * One demo sign-in per role a visitor may want to try: the front desk (with admin
 * rights, as before), a clerk with the front-desk role only, a facility admin, and a
 * referred specialist whose inbox holds a demo referral (db/seed.ts). The key is what
 * the sign-in button sends; the server looks the account up by it, never by an address.
 */
export const demoAccounts = {
  frontdesk: { ...demoStaff, roles: ['front_desk', 'facility_admin'], label: 'demo front desk', landing: '/studies' },
  clerk: { email: 'clerk@demo.scanshare.invalid', displayName: 'Demo Clerk', roles: ['front_desk'], label: 'demo clerk (front desk only)', landing: '/studies' },
  admin: { email: 'admin@demo.scanshare.invalid', displayName: 'Demo Facility Admin', roles: ['facility_admin'], label: 'demo facility admin', landing: '/admin/users' },
  specialist: { email: 'specialist@demo.scanshare.invalid', displayName: 'Dr Demo Specialist', roles: ['clinician'], label: 'demo specialist', landing: '/inbox' },
} as const satisfies Record<string, { email: string; displayName: string; roles: readonly StaffRole[]; label: string; landing: string }>;

export type DemoAccountKey = keyof typeof demoAccounts;

export function isDemoAccountKey(value: unknown): value is DemoAccountKey {
  return typeof value === 'string' && Object.hasOwn(demoAccounts, value);
}
