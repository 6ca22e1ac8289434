// SECURITY-CRITICAL: the addresses a user's inbox may match named links against.
// An address counts only when it is verified for this user:
//  - an identity of theirs carries it, the IdP vouched for it at the last sign-in
//    (OIDC email_verified, or a signed SAML assertion), the provider is enabled, and
//    one of that provider's domain claims covers it and counts (email-domain-claims.ts);
//  - or they confirmed it with a one-time code e-mailed to it (inbox-address-code.ts).
// The account's e-mail alone never counts: any facility's admin can register an IdP
// that asserts any address.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claimCountsSql } from '@/lib/identity-providers/email-domain-claims';

export async function verifiedInboxAddresses(tx: DbOrTx, userId: string): Promise<string[]> {
  const rows = await tx.execute<{ email: string }>(sql`
    select lower(identity.email) as email
    from identities identity
    join identity_providers provider on provider.id = identity.provider_id and provider.enabled
    join identity_provider_email_domains claim
      on claim.provider_id = provider.id and claim.domain = substring(lower(identity.email) from '^[^@[:space:]]+@([^@[:space:]]+)$')
    where identity.user_id = ${userId} and identity.email_verified and ${claimCountsSql('claim', 'provider')}
    union
    select confirmation.email from inbox_address_confirmations confirmation where confirmation.user_id = ${userId}`);
  return rows.rows.map((r) => r.email);
}
