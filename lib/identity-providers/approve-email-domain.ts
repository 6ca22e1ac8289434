// Platform operators (whoever holds the schema owner's database URL, never a facility
// admin) list every e-mail domain claim and approve a contested one, or withdraw an
// approval. Approval is what lets one of several facilities claiming a domain speak
// for its addresses (email-domain-claims.ts). Audited as the system, with the
// operator's name as they gave it.
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { facilities, identityProviderEmailDomains, identityProviders } from '@/db/schema';
import { noRequestContext, recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { claimCountsSql } from './email-domain-claims';

export type EmailDomainClaimRow = {
  claimId: string;
  domain: string;
  facilitySlug: string;
  providerId: string;
  providerName: string;
  approvedAt: Date | null;
  approvedBy: string | null;
  contested: boolean;
  counts: boolean;
};

/** Every claim, contested ones first. `ownerDb` must be connected as the schema owner (db/owner-client.ts). */
export async function listEmailDomainClaims(ownerDb: Database): Promise<EmailDomainClaimRow[]> {
  const rows = await ownerDb
    .select({
      claimId: identityProviderEmailDomains.id,
      domain: identityProviderEmailDomains.domain,
      facilitySlug: facilities.slug,
      providerId: identityProviders.id,
      providerName: identityProviders.displayName,
      approvedAt: identityProviderEmailDomains.approvedAt,
      approvedBy: identityProviderEmailDomains.approvedBy,
      contested: sql<boolean>`exists (select 1 from identity_provider_email_domains c2 join identity_providers p2 on p2.id = c2.provider_id
        where c2.domain = ${identityProviderEmailDomains.domain} and p2.facility_id <> ${identityProviders.facilityId})`,
      counts: sql<boolean>`${claimCountsSql('identity_provider_email_domains', 'identity_providers')}`,
    })
    .from(identityProviderEmailDomains)
    .innerJoin(identityProviders, eq(identityProviders.id, identityProviderEmailDomains.providerId))
    .innerJoin(facilities, eq(facilities.id, identityProviders.facilityId))
    .orderBy(asc(identityProviderEmailDomains.domain), asc(facilities.slug));
  return rows.sort((a, b) => Number(b.contested) - Number(a.contested));
}

export const emailDomainApprovalInput = z.object({
  claimId: z.string().uuid('give the claim id shown by `list`'),
  approved: z.boolean(),
  operator: z.string().trim().min(1, 'say who you are (--by)').max(200),
});

export async function setEmailDomainApproval(ownerDb: Database, input: z.output<typeof emailDomainApprovalInput>): Promise<EmailDomainClaimRow> {
  await ownerDb.transaction(async (tx) => {
    const [claim] = await tx
      .select({ id: identityProviderEmailDomains.id, domain: identityProviderEmailDomains.domain, providerId: identityProviders.id, facilityId: identityProviders.facilityId })
      .from(identityProviderEmailDomains)
      .innerJoin(identityProviders, eq(identityProviders.id, identityProviderEmailDomains.providerId))
      .where(eq(identityProviderEmailDomains.id, input.claimId))
      .for('update');
    if (!claim) throw new AppError('not_found:email_domain_claim', `No claim ${input.claimId}.`);
    await tx
      .update(identityProviderEmailDomains)
      .set(input.approved ? { approvedAt: new Date(), approvedBy: input.operator } : { approvedAt: null, approvedBy: null })
      .where(eq(identityProviderEmailDomains.id, claim.id));
    await recordAudit(tx, {
      type: 'EMAIL_DOMAIN_APPROVED',
      actor: { type: 'system' },
      facilityId: claim.facilityId,
      context: noRequestContext,
      purposeOfUse: 'HSYSADMIN',
      subject: { type: 'identity_provider', id: claim.providerId },
      details: { claimId: claim.id, providerId: claim.providerId, domain: claim.domain, approved: input.approved, operator: input.operator },
    });
  });
  return (await listEmailDomainClaims(ownerDb)).find((c) => c.claimId === input.claimId)!;
}
