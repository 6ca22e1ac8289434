// SECURITY-CRITICAL: when a facility's identity provider speaks for an e-mail domain.
// An admin declares the domains their IdP may assert. A claim counts when no other
// facility claims the same domain, or when a platform operator approved it: two
// facilities claiming one domain both wait (neither takes the other's addresses),
// and only the operator (schema owner, `npm run email-domains`) can approve.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type DbOrTx } from '@/db/client';
import { identityProviderEmailDomains, identityProviders } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { emailDomainsText } from './email-domain-rules';

/**
 * SQL: the claim row aliased `claim` (of the provider aliased `provider`) counts.
 * Claims of other facilities count against it whether their provider is enabled or
 * not: disabling a provider must not hand its domain to someone else.
 */
export const claimCountsSql = (claim: string, provider: string) =>
  sql.raw(
    `(${claim}.approved_at is not null or not exists (select 1 from identity_provider_email_domains other_claim` +
      ` join identity_providers other_provider on other_provider.id = other_claim.provider_id` +
      ` where other_claim.domain = ${claim}.domain and other_provider.facility_id <> ${provider}.facility_id))`,
  );

export type EmailDomainClaimView = {
  domain: string;
  /** Whether addresses at this domain from this provider count as verified for the inbox. */
  counts: boolean;
  /** Another facility claims it too: it counts only once a platform operator approves it. */
  contested: boolean;
  approved: boolean;
};

/** The claims of the given providers, by provider id. Callers scope `providerIds` to the actor's facility. */
export async function emailDomainClaimsOf(tx: DbOrTx, providerIds: string[]): Promise<Map<string, EmailDomainClaimView[]>> {
  const byProvider = new Map<string, EmailDomainClaimView[]>();
  if (providerIds.length === 0) return byProvider;
  const rows = await tx.execute<{ provider_id: string; domain: string; approved: boolean; counts: boolean; contested: boolean }>(sql`
    select claim.provider_id, claim.domain, claim.approved_at is not null as approved, ${claimCountsSql('claim', 'provider')} as counts,
      exists (select 1 from identity_provider_email_domains c2 join identity_providers p2 on p2.id = c2.provider_id
              where c2.domain = claim.domain and p2.facility_id <> provider.facility_id) as contested
    from identity_provider_email_domains claim join identity_providers provider on provider.id = claim.provider_id
    where claim.provider_id in (${sql.join(providerIds.map((id) => sql`${id}::uuid`), sql`, `)})
    order by claim.domain`);
  for (const r of rows.rows) {
    const list = byProvider.get(r.provider_id) ?? [];
    list.push({ domain: r.domain, counts: r.counts, contested: r.contested, approved: r.approved });
    byProvider.set(r.provider_id, list);
  }
  return byProvider;
}

export const setEmailDomainsInput = z.object({ providerId: z.string().uuid(), domains: emailDomainsText });
/** Validated input (callers parse with setEmailDomainsInput at their boundary). */
export type SetEmailDomainsInput = z.output<typeof setEmailDomainsInput>;

/** Replaces the domains an IdP of the admin's facility may assert. Kept claims keep their approval. */
export async function setProviderEmailDomains(actor: StaffActor, input: SetEmailDomainsInput, context: RequestContext): Promise<EmailDomainClaimView[]> {
  if (!can(actor, 'identity_provider:manage')) throw new AppError('forbidden:identity_admin');
  return db().transaction(async (tx) => {
    const [provider] = await tx
      .select({ id: identityProviders.id })
      .from(identityProviders)
      .where(and(eq(identityProviders.id, input.providerId), eq(identityProviders.facilityId, actor.facilityId)))
      .for('update');
    if (!provider) throw new AppError('not_found:identity_provider');
    const existing = (
      await tx.select({ domain: identityProviderEmailDomains.domain }).from(identityProviderEmailDomains).where(eq(identityProviderEmailDomains.providerId, provider.id)).orderBy(asc(identityProviderEmailDomains.domain))
    ).map((r) => r.domain);
    const removed = existing.filter((d) => !input.domains.includes(d));
    const added = input.domains.filter((d) => !existing.includes(d));
    if (removed.length > 0) {
      await tx.delete(identityProviderEmailDomains).where(and(eq(identityProviderEmailDomains.providerId, provider.id), inArray(identityProviderEmailDomains.domain, removed)));
    }
    // Named columns only: the runtime role may not write approved_at (migration 0009).
    for (const domain of added) {
      await tx.execute(sql`insert into identity_provider_email_domains (provider_id, domain) values (${provider.id}, ${domain}) on conflict do nothing`);
    }
    if (added.length > 0 || removed.length > 0) {
      await recordAudit(tx, {
        type: 'IDENTITY_PROVIDER_CHANGED',
        actor: staffAuditActor(actor),
        context,
        subject: { type: 'identity_provider', id: provider.id },
        details: { providerId: provider.id, change: 'email_domains', added, removed },
      });
    }
    return (await emailDomainClaimsOf(tx, [provider.id])).get(provider.id) ?? [];
  });
}
