// `npm run email-domains`: the platform operator's view of the e-mail domains that
// facilities' identity providers claim, and approval of a contested one.
//   npm run email-domains -- list
//   npm run email-domains -- approve <claim-id> --by "Your Name"
//   npm run email-domains -- withdraw <claim-id> --by "Your Name"
// Connects as the schema owner (DATABASE_OWNER_URL or --database-url): the portal's
// runtime role cannot write approvals, so no facility admin can approve their own claim.
import { parseArgs } from 'node:util';
import { withOwnerDb } from '@/db/owner-client';
import { emailDomainApprovalInput, listEmailDomainClaims, setEmailDomainApproval, type EmailDomainClaimRow } from '@/lib/identity-providers/approve-email-domain';

function describe(c: EmailDomainClaimRow): string {
  const state = c.approvedAt ? `approved ${c.approvedAt.toISOString()} by ${c.approvedBy}${c.contested ? ', contested' : ''}` : c.contested ? 'CONTESTED, waiting for approval' : 'counts (only claimant)';
  return `${c.claimId}  ${c.domain.padEnd(28)} ${c.facilitySlug.padEnd(20)} ${c.providerName}  [${state}${c.counts ? '' : ', does not count'}]`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { by: { type: 'string' }, 'database-url': { type: 'string' } } });
  const url = values['database-url'] ?? process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error('set DATABASE_OWNER_URL (the schema owner, as for migrations) or pass --database-url');
  const [command, claimId] = positionals;
  return withOwnerDb(url, async (ownerDb) => {
    if (command === 'list' || command === undefined) {
      const claims = await listEmailDomainClaims(ownerDb);
      console.log(claims.length === 0 ? 'no e-mail domain claims' : claims.map(describe).join('\n'));
      return 0;
    }
    if (command === 'approve' || command === 'withdraw') {
      const input = emailDomainApprovalInput.safeParse({ claimId, approved: command === 'approve', operator: values.by ?? '' });
      if (!input.success) {
        console.error(input.error.issues.map((i) => `[email-domains] ${i.path.join('.')}: ${i.message}`).join('\n'));
        return 2;
      }
      console.log(describe(await setEmailDomainApproval(ownerDb, input.data)));
      return 0;
    }
    console.error('usage: npm run email-domains -- list | approve <claim-id> --by NAME | withdraw <claim-id> --by NAME');
    return 2;
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[email-domains] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
