// `npm run audit:export-head`: prints the current head of the audit chain as JSON, for
// safekeeping where nobody with database access can change it (run it on a schedule).
//   npm run audit:export-head [-- --out FILE] [--s3 KEY [--bucket NAME] [--retain-days N]]
//       [--since PREVIOUS.json | --verify] [--database-url URL]
// --out never overwrites a file. --s3 puts the JSON in S3_BUCKET (or --bucket) and refuses
// to replace an existing key; write-once is the bucket's setting (S3 Object Lock, or your
// store's WORM mode): enable it on a bucket of its own, and --retain-days sets a COMPLIANCE
// retention on the object. --since verifies the chain from that earlier head to now first
// (cheap: only the new rows); --verify checks the whole chain first. Exit 1 if broken.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { auditDatabaseUrl } from '@/lib/audit/audit-database-url';
import { readAuditChainHead } from '@/lib/audit/read-audit-chain-head';
import { storeAuditChainHead } from '@/lib/audit/store-audit-chain-head';
import { verifyAuditChain, type AuditChainHead, type VerifyAuditChainOptions } from '@/lib/audit/verify-audit-chain';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      s3: { type: 'string' },
      bucket: { type: 'string' },
      'retain-days': { type: 'string' },
      since: { type: 'string' },
      verify: { type: 'boolean' },
      'database-url': { type: 'string' },
    },
  });
  const databaseUrl = auditDatabaseUrl(values['database-url']);

  if (values.since || values.verify) {
    let range: VerifyAuditChainOptions = {};
    if (values.since) {
      const previous = JSON.parse(fs.readFileSync(values.since, 'utf8')) as AuditChainHead;
      range = { fromSeq: previous.seq + 1, prevHash: previous.hash };
    }
    const result = await verifyAuditChain(databaseUrl, range);
    if (!result.ok) {
      console.error(`[audit:export-head] not exporting: the chain is broken at seq ${result.problem.seq}: ${result.problem.message}`);
      return 1;
    }
  }

  const head = await readAuditChainHead(databaseUrl);
  if (!head) {
    console.error('[audit:export-head] the audit trail is empty: nothing to export');
    return 1;
  }
  const json = `${JSON.stringify({ format: 'scanshare-audit-head-v1', ...head, exportedAt: new Date().toISOString() }, null, 2)}\n`;
  process.stdout.write(json);
  if (values.out) {
    fs.writeFileSync(values.out, json, { flag: 'wx' });
    console.error(`[audit:export-head] written to ${values.out}`);
  }
  if (values.s3) {
    const retainDays = values['retain-days'] ? Number(values['retain-days']) : undefined;
    if (retainDays !== undefined && !(retainDays > 0)) throw new Error('--retain-days must be a positive number');
    const stored = await storeAuditChainHead(values.s3, json, { bucket: values.bucket, retainDays });
    console.error(`[audit:export-head] stored as ${stored}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[audit:export-head] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
