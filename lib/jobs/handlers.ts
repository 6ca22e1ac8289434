// What the worker runs for each queue. A handler gets its payload already checked
// against the queue's schema; it must be idempotent (a job can run again after a
// crash or an expiry), and throwing makes pg-boss retry it with the queue's backoff.
import type { z } from 'zod';
import { pruneEndedSignIns } from '@/lib/auth/prune-ended-sign-ins';
import { pruneSamlState } from '@/lib/auth/saml/saml-state';
import { deliverOutboxMessage } from '@/lib/mail/deliver-outbox-message';
import { sweepOutbox } from '@/lib/mail/sweep-outbox';
import { pruneExpiredLinkState } from '@/lib/shares/prune-expired-link-state';
import { collectOrphanObjects } from '@/lib/storage/collect-orphan-objects';
import { scrubStoredObjects } from '@/lib/storage/scrub-stored-objects';
import { collectOrphansQueue, deliverMailQueue, pruneExpiredQueue, scrubStorageQueue, sweepOutboxQueue, type AnyQueueDefinition, type QueueDefinition } from './queues';

export type JobHandler = { queue: AnyQueueDefinition; run(payload: unknown): Promise<unknown> };

function handle<P extends z.ZodType>(queue: QueueDefinition<P>, run: (payload: z.output<P>) => Promise<unknown>): JobHandler {
  return { queue, run: (payload) => run(queue.payload.parse(payload)) };
}

export const jobHandlers: readonly JobHandler[] = [
  handle(deliverMailQueue, ({ outboxId }) => deliverOutboxMessage(outboxId)),
  handle(sweepOutboxQueue, () => sweepOutbox()),
  handle(pruneExpiredQueue, async () => ({ ...(await pruneExpiredLinkState()), ...(await pruneEndedSignIns()), saml: await pruneSamlState() })),
  handle(scrubStorageQueue, () => scrubStoredObjects()),
  handle(collectOrphansQueue, () => collectOrphanObjects()),
];
