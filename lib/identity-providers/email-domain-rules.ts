// What an admin may declare as an identity provider's e-mail domain. Pure: parsed
// at the form's boundary and again by the domain function.
import { z } from 'zod';

export const maxEmailDomainsPerProvider = 20;

/**
 * Mailbox providers anyone can sign up with: no facility's IdP speaks for every
 * address there, so they cannot be claimed (a user there confirms by code instead).
 */
const sharedMailboxDomains = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'icloud.com', 'me.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'yandex.com', 'zoho.com',
]);

const hostname = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `Hospital.ORG.` or `@hospital.org` → `hospital.org`. */
export function normalizeDomain(text: string): string {
  return text.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

/** One domain per line (or comma-separated) → a sorted, de-duplicated list. */
export const emailDomainsText = z
  .string()
  .max(5000)
  .transform((text, ctx) => {
    const domains = new Set<string>();
    for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
      const domain = normalizeDomain(raw);
      if (!hostname.test(domain)) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a domain like hospital.org (no wildcards, no addresses).` });
        return z.NEVER;
      }
      if (sharedMailboxDomains.has(domain)) {
        ctx.addIssue({ code: 'custom', message: `${domain} is a public mailbox provider: no facility's sign-in speaks for its addresses.` });
        return z.NEVER;
      }
      domains.add(domain);
    }
    if (domains.size > maxEmailDomainsPerProvider) {
      ctx.addIssue({ code: 'custom', message: `At most ${maxEmailDomainsPerProvider} domains per identity provider.` });
      return z.NEVER;
    }
    return [...domains].sort();
  });
