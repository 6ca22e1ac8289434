// An admin connects their institution's IdP: OIDC (issuer, client id, secret,
// groups claim) or SAML (pasted metadata, or entity id + SSO URL + certificate),
// with a group → role mapping. Audited; the secret is never echoed back.
import { z } from 'zod';
import { db } from '@/db/client';
import { identityProviders, staffRole } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { parseIdpMetadata } from '@/lib/auth/saml/parse-idp-metadata';
import { normalizeCertificate, CertificateError } from '@/lib/auth/saml/normalize-certificate';
import { AppError } from '@/lib/errors';

const roleMapping = z
  .string()
  .max(2000)
  .transform((text, ctx) => {
    const mapping: Record<string, (typeof staffRole.enumValues)[number][]> = {};
    for (const line of text.split(/[\n,]/).map((l) => l.trim()).filter(Boolean)) {
      const [group, role] = line.split('=').map((s) => s.trim());
      if (!group || !role || !(staffRole.enumValues as readonly string[]).includes(role)) {
        ctx.addIssue({ code: 'custom', message: `"${line}" is not group=role (roles: ${staffRole.enumValues.join(', ')})` });
        return z.NEVER;
      }
      (mapping[group] ??= []).push(role as (typeof staffRole.enumValues)[number]);
    }
    return mapping;
  });

export const saveIdentityProviderInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oidc'),
    displayName: z.string().trim().min(1).max(100),
    issuer: z.string().url('The issuer must be a URL, e.g. https://login.example.org/realms/staff'),
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().min(1).max(500),
    groupsClaim: z.string().trim().min(1).max(100).default('groups'),
    roleMapping,
  }),
  z.object({
    kind: z.literal('saml'),
    displayName: z.string().trim().min(1).max(100),
    metadataXml: z.string().max(1_000_000).optional(),
    entityId: z.string().trim().max(500).optional(),
    ssoUrl: z.string().url().optional(),
    certificate: z.string().max(20_000).optional(),
    roleMapping,
  }),
]);
/** Validated input (callers parse with saveIdentityProviderInput at their boundary). */
export type SaveIdentityProviderInput = z.output<typeof saveIdentityProviderInput>;

export async function saveIdentityProvider(actor: StaffActor, input: SaveIdentityProviderInput, context: RequestContext): Promise<{ id: string }> {
  if (!can(actor, 'identity_provider:manage')) throw new AppError('forbidden:identity_admin');
  let values: typeof identityProviders.$inferInsert;
  if (input.kind === 'oidc') {
    values = {
      facilityId: actor.facilityId,
      kind: 'oidc',
      displayName: input.displayName,
      oidcIssuer: input.issuer.replace(/\/$/, ''),
      oidcClientId: input.clientId,
      oidcClientSecret: input.clientSecret,
      groupsClaim: input.groupsClaim,
      roleMapping: input.roleMapping,
    };
  } else {
    let settings: { entityId: string; ssoUrl: string; certificates: string[] };
    if (input.metadataXml?.trim()) {
      settings = parseIdpMetadata(input.metadataXml);
    } else {
      if (!input.entityId || !input.ssoUrl || !input.certificate) {
        throw new AppError('unprocessable:saml_settings', 'Paste the IdP metadata, or give its entity id, SSO URL and signing certificate.');
      }
      try {
        settings = { entityId: input.entityId, ssoUrl: input.ssoUrl, certificates: [normalizeCertificate(input.certificate)] };
      } catch (err) {
        if (err instanceof CertificateError) throw new AppError('unprocessable:saml_certificate', err.message);
        throw err;
      }
    }
    values = {
      facilityId: actor.facilityId,
      kind: 'saml',
      displayName: input.displayName,
      samlEntityId: settings.entityId,
      samlSsoUrl: settings.ssoUrl,
      samlCertificates: settings.certificates,
      roleMapping: input.roleMapping,
    };
  }
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(identityProviders).values(values).returning({ id: identityProviders.id });
    await recordAudit(tx, {
      type: 'IDENTITY_PROVIDER_CHANGED',
      actor: staffAuditActor(actor),
      context,
      details: { providerId: row!.id, kind: input.kind, change: 'created', displayName: input.displayName },
    });
    return { id: row!.id };
  });
}
