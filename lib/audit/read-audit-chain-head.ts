// The current head of the audit chain: the audit_chain entry with the highest chain_seq. Exported
// regularly to write-once storage, it lets `audit:verify --head` prove later that
// nothing up to that point was rewritten and nothing after it was cut off, even by
// someone able to recompute every hash in the database.
import { openAuditChainReader } from './audit-chain-reader';
import { headOf, type AuditChainHead } from './verify-audit-chain';

export async function readAuditChainHead(databaseUrl: string): Promise<AuditChainHead | null> {
  const reader = await openAuditChainReader(databaseUrl);
  try {
    const last = await reader.lastEntry();
    return last ? headOf(last) : null;
  } finally {
    await reader.close();
  }
}
