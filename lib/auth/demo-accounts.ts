// The demo facility and its staff account, which exist only on embedded/demo
// defaults (SCANSHARE_DEMO). Production refuses the demo sign-in (lib/env.ts).
export const demoFacility = { slug: 'demo', name: 'Demo Imaging Centre', maxLinkLifetimeDays: 30 } as const;
export const demoStaff = { email: 'frontdesk@demo.scanshare.invalid', displayName: 'Demo Front Desk' } as const;
