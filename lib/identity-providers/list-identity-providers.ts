// The admin's view of their facility's sign-in configurations, with the URLs
// they give their IdP: the OIDC redirect URL, or the SAML metadata and ACS URLs.
// The OIDC client secret never leaves the server.
import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { identityProviders, type StaffRole } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { samlSpConfig } from '@/lib/auth/saml/sp-config';
import { nextAuthProviderId } from '@/lib/auth/oidc-providers';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { emailDomainClaimsOf, type EmailDomainClaimView } from './email-domain-claims';

export type IdentityProviderView = {
  id: string;
  kind: 'oidc' | 'saml';
  displayName: string;
  enabled: boolean;
  issuerOrEntityId: string;
  roleMapping: Record<string, StaffRole[]>;
  /** The e-mail domains it may assert, and whether each counts for the inbox yet. */
  emailDomains: EmailDomainClaimView[];
  /** What the admin registers at their IdP. */
  registration: Array<{ label: string; value: string }>;
};

export async function listIdentityProviders(actor: StaffActor): Promise<IdentityProviderView[]> {
  if (!can(actor, 'identity_provider:manage')) throw new AppError('forbidden:identity_admin');
  const origin = env().PUBLIC_ORIGIN;
  const rows = await db().select().from(identityProviders).where(eq(identityProviders.facilityId, actor.facilityId)).orderBy(asc(identityProviders.createdAt));
  const claims = await emailDomainClaimsOf(db(), rows.map((p) => p.id));
  return rows.map((p) => {
    const sp = p.kind === 'saml' ? samlSpConfig(p.id, origin) : null;
    return {
      id: p.id,
      kind: p.kind,
      displayName: p.displayName,
      enabled: p.enabled,
      issuerOrEntityId: (p.kind === 'oidc' ? p.oidcIssuer : p.samlEntityId) ?? '',
      roleMapping: p.roleMapping,
      emailDomains: claims.get(p.id) ?? [],
      registration: sp
        ? [
            { label: 'SP metadata URL (and entity id)', value: sp.entityId },
            { label: 'Assertion consumer service URL (HTTP-POST)', value: sp.acsUrl },
          ]
        : [{ label: 'Redirect URL', value: `${origin}/api/auth/callback/${nextAuthProviderId(p)}` }],
    };
  });
}
