// What the sign-in page offers: each enabled institutional sign-in, and the demo
// button on embedded defaults. Names and ids only; never secrets.
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, identityProviders } from '@/db/schema';
import { env } from '@/lib/env';
import { enabledOidcProviders, nextAuthProviderId } from './oidc-providers';

export type SignInOption = { kind: 'oidc' | 'saml'; id: string; label: string };

export async function signInOptions(): Promise<{ demo: boolean; providers: SignInOption[] }> {
  const oidc = await enabledOidcProviders();
  const saml = await db()
    .select({ id: identityProviders.id, displayName: identityProviders.displayName })
    .from(identityProviders)
    .where(and(eq(identityProviders.kind, 'saml'), eq(identityProviders.enabled, true)));
  const facilityNames = new Map(
    (await db().select({ id: facilities.id, name: facilities.name }).from(facilities)).map((f) => [f.id, f.name]),
  );
  return {
    demo: env().SCANSHARE_DEMO,
    providers: [
      ...oidc.map((p) => ({ kind: 'oidc' as const, id: nextAuthProviderId(p), label: `${p.displayName} · ${facilityNames.get(p.facilityId) ?? ''}` })),
      ...saml.map((p) => ({ kind: 'saml' as const, id: p.id, label: p.displayName })),
    ],
  };
}
