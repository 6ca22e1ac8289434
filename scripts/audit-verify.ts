// `npm run audit:verify`: recomputes the audit hash chain and names the first bad row.
//   npm run audit:verify [-- --from-seq N [--prev-hash HEX]] [--to-seq N] [--head head.json …] [--database-url URL]
// --head: a head exported earlier (scripts/audit-export-head.ts); the chain must still
// hold it. Only that proves that rows at the end were not cut off, or the whole chain
// recomputed by someone with superuser access. Exit 0: intact; 1: broken; 2: could not check.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { auditDatabaseUrl } from '@/lib/audit/audit-database-url';
import { verifyAuditChain, type AuditChainHead } from '@/lib/audit/verify-audit-chain';

function readHead(file: string): Pick<AuditChainHead, 'seq' | 'hash'> {
  const head = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AuditChainHead>;
  if (!Number.isSafeInteger(head.seq) || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/i.test(head.hash)) {
    throw new Error(`${file} is not an exported audit head ({"seq": N, "hash": "<64 hex>"})`);
  }
  return { seq: head.seq!, hash: head.hash };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'from-seq': { type: 'string' },
      'prev-hash': { type: 'string' },
      'to-seq': { type: 'string' },
      head: { type: 'string', multiple: true },
      'database-url': { type: 'string' },
    },
  });
  const started = performance.now();
  const result = await verifyAuditChain(auditDatabaseUrl(values['database-url']), {
    fromSeq: values['from-seq'] ? Number(values['from-seq']) : undefined,
    prevHash: values['prev-hash'],
    toSeq: values['to-seq'] ? Number(values['to-seq']) : undefined,
    expectHeads: (values.head ?? []).map(readHead),
    onProgress: (n) => console.error(`[audit:verify] ${n.toLocaleString('en')} events verified…`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    const head = result.head ? `head ${result.head.hash} (seq ${result.head.seq})` : 'no events';
    console.log(`audit chain OK: ${result.events} events, ${head}${result.fromSeq > 1 ? `, from seq ${result.fromSeq}` : ''} [${seconds} s]`);
    return 0;
  }
  const { problem } = result;
  console.log(`audit chain BROKEN at seq ${problem.seq}${problem.id ? ` (id ${problem.id})` : ''}: ${problem.kind}`);
  console.log(`  ${problem.message}`);
  console.log(`  ${result.events} events before it verified [${seconds} s]`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[audit:verify] could not verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
