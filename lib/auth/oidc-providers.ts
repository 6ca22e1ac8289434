// The OIDC identity providers next-auth offers: every enabled one an admin
// configured for a facility, plus one from the environment (OIDC_*), which is
// kept as an ordinary row so both take the same path.
import { and, eq } from 'drizzle-orm';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { db } from '@/db/client';
import { facilities, identityProviders, staffRole, type IdentityProvider, type StaffRole } from '@/db/schema';
import { env } from '@/lib/env';

export const oidcProviderIdPrefix = 'idp-';

export function nextAuthProviderId(provider: Pick<IdentityProvider, 'id'>): string {
  return `${oidcProviderIdPrefix}${provider.id}`;
}

export function identityProviderIdFrom(nextAuthId: string): string | null {
  return nextAuthId.startsWith(oidcProviderIdPrefix) ? nextAuthId.slice(oidcProviderIdPrefix.length) : null;
}

/** `group=role,group=role` → mapping; unknown roles are a configuration error. */
export function parseRoleMapping(text: string): Record<string, StaffRole[]> {
  const mapping: Record<string, StaffRole[]> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [group, role] = pair.split('=').map((s) => s.trim());
    if (!group || !role || !(staffRole.enumValues as readonly string[]).includes(role)) {
      throw new Error(`OIDC_ROLE_MAPPING: "${pair}" is not group=role with a role among ${staffRole.enumValues.join(', ')}`);
    }
    (mapping[group] ??= []).push(role as StaffRole);
  }
  return mapping;
}

let envProviderEnsured = false;

async function ensureEnvOidcProvider(): Promise<void> {
  const e = env();
  if (envProviderEnsured || !e.OIDC_ISSUER || !e.OIDC_FACILITY) return;
  const [facility] = await db().select({ id: facilities.id }).from(facilities).where(eq(facilities.slug, e.OIDC_FACILITY));
  if (!facility) throw new Error(`OIDC_FACILITY: no facility with slug "${e.OIDC_FACILITY}"`);
  const values = {
    facilityId: facility.id,
    kind: 'oidc' as const,
    displayName: e.OIDC_DISPLAY_NAME,
    oidcIssuer: e.OIDC_ISSUER,
    oidcClientId: e.OIDC_CLIENT_ID!,
    oidcClientSecret: e.OIDC_CLIENT_SECRET!,
    roleMapping: parseRoleMapping(e.OIDC_ROLE_MAPPING),
  };
  await db().transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: identityProviders.id })
      .from(identityProviders)
      .where(and(eq(identityProviders.facilityId, facility.id), eq(identityProviders.oidcIssuer, e.OIDC_ISSUER!), eq(identityProviders.oidcClientId, e.OIDC_CLIENT_ID!)));
    if (existing) await tx.update(identityProviders).set(values).where(eq(identityProviders.id, existing.id));
    else await tx.insert(identityProviders).values(values);
  });
  envProviderEnsured = true;
}

export async function enabledOidcProviders(): Promise<IdentityProvider[]> {
  await ensureEnvOidcProvider();
  return db()
    .select()
    .from(identityProviders)
    .where(and(eq(identityProviders.kind, 'oidc'), eq(identityProviders.enabled, true)));
}

export async function findIdentityProvider(id: string): Promise<IdentityProvider | null> {
  const [row] = await db().select().from(identityProviders).where(eq(identityProviders.id, id));
  return row ?? null;
}

type OidcProfile = { sub: string; email?: string; name?: string; [claim: string]: unknown };

/** next-auth v4 provider: code flow with PKCE, state and nonce; discovery from the issuer. */
export function nextAuthOidcProvider(provider: IdentityProvider): OAuthConfig<OidcProfile> {
  const issuer = provider.oidcIssuer!.replace(/\/$/, '');
  return {
    id: nextAuthProviderId(provider),
    name: provider.displayName,
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: provider.oidcClientId!,
    clientSecret: provider.oidcClientSecret!,
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    // Okta-style IdPs send groups only for the "groups" scope; others add the claim by their own mapping.
    authorization: { params: { scope: provider.groupsClaim === 'groups' ? 'openid email profile groups' : 'openid email profile' } },
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
  };
}
