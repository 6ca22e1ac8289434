// The demo facility and its staff account, which exist only on embedded/demo
// defaults (SCANSHARE_DEMO). Production refuses the demo sign-in (lib/env.ts).
export const demoFacility = { slug: 'demo', name: 'Demo Imaging Centre', maxLinkLifetimeDays: 30 } as const;

/** What recipients of demo links see about the demo facility (its admin can change it at /admin/facility). 555-01xx numbers are fictional. */
export const demoFacilityContact = {
  displayName: 'Demo Imaging Centre',
  phone: '+1 555 0100',
  address: '100 Example Street\nSpringfield',
  helpText: 'Imaging records desk: Monday to Friday, 8:00 to 18:00. Ask for a new link if yours has expired.',
} as const;
export const demoStaff = { email: 'frontdesk@demo.scanshare.invalid', displayName: 'Demo Front Desk' } as const;
