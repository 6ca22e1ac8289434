// Writes one audit row inside the caller's transaction, so an action and its
// record commit or roll back together: no patient data leaves without its row.
// The database chains the row as that transaction commits (audit_chain, see
// migrations/0003_audit_hash_chain.sql), which needs READ COMMITTED (the default).
import { auditEvents } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import type { AuditEventType } from './audit-event-types';

/** Who is acting, as the audit log sees it. Never a token or a secret. */
export type AuditActor =
  | { type: 'user'; userId: string; facilityId: string }
  | { type: 'link'; shareLinkId: string; facilityId: string }
  | { type: 'anonymous' }
  | { type: 'system' };

/** Where the request came from. */
export type RequestContext = { clientIp: string | null; userAgent: string | null };

export const noRequestContext: RequestContext = { clientIp: null, userAgent: null };

export type AuditInput = {
  type: AuditEventType;
  actor: AuditActor;
  context: RequestContext;
  outcome?: 'success' | 'failure';
  reason?: string;
  /** The facility concerned, when the actor does not carry one (e.g. a rejected link). */
  facilityId?: string | null;
  subject?: { type: 'study' | 'share_link' | 'instance' | 'patient'; id: string };
  details?: Record<string, unknown>;
};

export async function recordAudit(tx: DbOrTx, input: AuditInput): Promise<void> {
  const { actor } = input;
  await tx.insert(auditEvents).values({
    type: input.type,
    outcome: input.outcome ?? 'success',
    reason: input.reason ?? null,
    facilityId: input.facilityId ?? ('facilityId' in actor ? actor.facilityId : null),
    actorType: actor.type,
    actorId: actor.type === 'user' ? actor.userId : actor.type === 'link' ? actor.shareLinkId : null,
    subjectType: input.subject?.type ?? null,
    subjectId: input.subject?.id ?? null,
    details: input.details ?? {},
    clientIp: input.context.clientIp,
    userAgent: input.context.userAgent?.slice(0, 512) ?? null,
  });
}
