// SECURITY-CRITICAL: turns a verified institutional identity (OIDC ID token or
// SAML assertion, already checked by next-auth or lib/auth/saml) into a user of
// the provider's facility. Identities are keyed by (issuer, subject), never by
// e-mail alone: an e-mail already used by another identity is not merged. The
// account, and the roles its IdP groups grant, are audited when first made; whether
// the e-mail counts for the inbox is decided later, by verified-inbox-addresses.ts.
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { identities, userRoles, users, type IdentityProvider, type StaffRole } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { sha256Hex } from '@/lib/shares/share-token';

export type VerifiedIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  /** The IdP vouched for `email` (OIDC `email_verified: true`; a signed SAML assertion). */
  emailVerified: boolean;
  displayName: string | null;
  groups: string[];
};

/** Roles an IdP's groups grant, per the provider's mapping. */
export function rolesForGroups(mapping: Record<string, StaffRole[]>, groups: string[]): StaffRole[] {
  return [...new Set(groups.flatMap((g) => mapping[g] ?? []))].sort();
}

export async function signInWithIdentity(
  provider: Pick<IdentityProvider, 'id' | 'facilityId' | 'kind' | 'roleMapping'>,
  identity: VerifiedIdentity,
  context: RequestContext,
): Promise<{ userId: string; identityId: string; facilityId: string; created: boolean }> {
  if (!identity.subject) throw new AppError('unauthorized:identity', 'The identity provider sent no subject.');
  return db().transaction(async (tx) => {
    const [known] = await tx
      .select({ identityId: identities.id, userId: users.id, facilityId: users.facilityId, active: users.active })
      .from(identities)
      .innerJoin(users, eq(users.id, identities.userId))
      .where(and(eq(identities.issuer, identity.issuer), eq(identities.subject, identity.subject)));
    if (known) {
      if (!known.active) throw new AppError('forbidden:user_deactivated', 'This account has been deactivated. Ask your facility administrator.');
      await tx.update(identities).set({ lastSignInAt: new Date(), email: identity.email, emailVerified: identity.emailVerified }).where(eq(identities.id, known.identityId));
      return { userId: known.userId, identityId: known.identityId, facilityId: known.facilityId, created: false };
    }

    // Users need an address to be listed by; an IdP that sends none gets a stable placeholder.
    const email = identity.email?.toLowerCase() || `no-email-${sha256Hex(`${identity.issuer}\n${identity.subject}`).slice(0, 16)}@identity.invalid`;
    const [sameEmail] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.facilityId, provider.facilityId), eq(users.email, email)));
    if (sameEmail) {
      throw new AppError(
        'conflict:identity_not_linked',
        'An account with this e-mail already signs in another way. A facility administrator must link the two before you can use this sign-in.',
      );
    }
    const [user] = await tx
      .insert(users)
      .values({ facilityId: provider.facilityId, email, displayName: identity.displayName ?? email })
      .returning({ id: users.id });
    const roles = rolesForGroups(provider.roleMapping, identity.groups);
    if (roles.length > 0) await tx.insert(userRoles).values(roles.map((role) => ({ userId: user!.id, role })));
    const [created] = await tx
      .insert(identities)
      .values({
        userId: user!.id,
        providerId: provider.id,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email,
        emailVerified: identity.emailVerified,
        lastSignInAt: new Date(),
      })
      .returning({ id: identities.id });
    // Nobody signed in yet: the sign-in itself (the provider) makes the account and grants the roles.
    const source = { kind: 'identity_provider', method: provider.kind, providerId: provider.id, identityId: created!.id };
    const audited = { actor: { type: 'system' } as const, facilityId: provider.facilityId, context, purposeOfUse: 'HSYSADMIN' as const, subject: { type: 'user' as const, id: user!.id } };
    await recordAudit(tx, { type: 'USER_CREATED', ...audited, details: { userId: user!.id, source } });
    if (roles.length > 0) {
      const fromGroups = identity.groups.filter((g) => (provider.roleMapping[g] ?? []).length > 0).sort();
      await recordAudit(tx, { type: 'ROLES_GRANTED', ...audited, details: { userId: user!.id, roles, source: { ...source, groups: fromGroups } } });
    }
    return { userId: user!.id, identityId: created!.id, facilityId: provider.facilityId, created: true };
  });
}
