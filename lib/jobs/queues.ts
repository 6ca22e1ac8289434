// The registry of queues: every kind of background work ScanShare does, with its
// payload (zod-validated when enqueued and again when run), its retry policy and,
// for periodic work, its schedule. No handler code here, so the web process can
// import it to enqueue without pulling in what the worker runs (handlers.ts).
import { z } from 'zod';
import type { Queue } from 'pg-boss';
import { mailTiming, storageHygiene } from '@/lib/env';

export type QueueSettings = Pick<Queue, 'policy' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'retryDelayMax' | 'expireInSeconds'>;

export type QueueDefinition<P extends z.ZodType> = {
  name: string;
  payload: P;
  /** pg-boss queue options; written to the queue at migrate time and again at every worker start. */
  options: () => QueueSettings;
  /** Periodic work: a cron expression (UTC); pg-boss sends one job per occurrence across all workers. */
  cron?: string;
};

export type AnyQueueDefinition = QueueDefinition<z.ZodType>;

function defineQueue<P extends z.ZodType>(definition: QueueDefinition<P>): QueueDefinition<P> {
  return definition;
}

/**
 * How long a worker may hold one message before another may take it over. The SMTP
 * timeouts (mailer.ts) end every send well before it, so a live worker is never
 * overtaken; one that was killed is, and the message is sent again with its Message-ID.
 */
export function mailLeaseSeconds(): number {
  return mailTiming().MAIL_SEND_TIMEOUT_SECONDS * 3;
}

/** One queued e-mail (email_outbox row): sent at most once in effect, retried with backoff. */
export const deliverMailQueue = defineQueue({
  name: 'mail.deliver',
  payload: z.object({ outboxId: z.string().uuid() }),
  options: () => ({
    // One job per outbox row queued, retrying or running: the sweep cannot add a second.
    policy: 'exclusive',
    retryLimit: 12,
    retryDelay: mailTiming().MAIL_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: mailLeaseSeconds(),
  }),
});

/** Finds outbox rows without a live job (worker down at the time, retries used up) and queues them again. */
export const sweepOutboxQueue = defineQueue({
  name: 'mail.sweep-outbox',
  payload: z.object({}).passthrough(),
  options: () => ({ policy: 'singleton', retryLimit: 1, expireInSeconds: 300 }),
  cron: '* * * * *',
});

/** Forgets sessions, one-time codes, sign-in tickets and SAML replay entries that can no longer be used. */
export const pruneExpiredQueue = defineQueue({
  name: 'maintenance.prune-expired',
  payload: z.object({}).passthrough(),
  options: () => ({ policy: 'singleton', retryLimit: 3, retryDelay: 60, expireInSeconds: 600 }),
  cron: '17 * * * *',
});

/**
 * Re-reads stored objects and compares them with their ingest checksums (lib/storage/scrub-stored-objects.ts).
 * Every 15 minutes, each run reading for at most STORAGE_SCRUB_SECONDS_PER_RUN and going on from the last; one at a
 * time. The lease leaves room for the object being read when the run's time is up (a 2 GiB file at 32 MiB/s: ~1 min).
 */
export const scrubStorageQueue = defineQueue({
  name: 'storage.scrub',
  payload: z.object({}).passthrough(),
  options: () => ({ policy: 'singleton', retryLimit: 3, retryDelay: 60, expireInSeconds: storageHygiene().STORAGE_SCRUB_SECONDS_PER_RUN * 2 + 3600 }),
  cron: '*/15 * * * *',
});

/** Deletes objects no row names, past the grace period (lib/storage/collect-orphan-objects.ts). Hourly, at :43. */
export const collectOrphansQueue = defineQueue({
  name: 'storage.collect-orphans',
  payload: z.object({}).passthrough(),
  options: () => ({ policy: 'singleton', retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 }),
  cron: '43 * * * *',
});

export const allQueues = [deliverMailQueue, sweepOutboxQueue, pruneExpiredQueue, scrubStorageQueue, collectOrphansQueue] as const;
