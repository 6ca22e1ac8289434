import type { PgBoss } from 'pg-boss';
import type { AnyQueueDefinition } from './queues';

/** Creates each queue, and brings an existing one's retry policy in line with its definition. */
export async function syncQueues(boss: PgBoss, queues: readonly AnyQueueDefinition[]): Promise<void> {
  for (const queue of queues) {
    const { policy, ...options } = queue.options(); // a queue's policy is fixed at creation
    await boss.createQueue(queue.name, { policy, ...options });
    await boss.updateQueue(queue.name, options);
  }
}
