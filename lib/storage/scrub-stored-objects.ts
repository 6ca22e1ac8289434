// The integrity scrub (job storage.scrub): re-reads stored instance objects, and the
// as-received copies kept beside reconciled ones, recomputes each SHA-256 and compares
// it with the checksum recorded at ingest. A mismatch or a missing object becomes a
// finding (record-integrity-failure.ts: a row for admins, an audit event, e-mails).
//
// Bounded: reads are paced to STORAGE_SCRUB_BYTES_PER_SECOND, and a run starts no new
// object after STORAGE_SCRUB_SECONDS_PER_RUN (an object already being read is finished).
// Resumable: instances are walked in id order and the last one done is kept in
// storage_scrub_state, so the next run, or the retry of a run whose worker died, goes
// on from there. One pass covers every instance that existed when it started; the next
// pass starts STORAGE_SCRUB_PASS_INTERVAL_HOURS after the previous one started.
// Only one run at a time: the queue's policy is singleton (lib/jobs/queues.ts).
import { asc, eq, gt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { instances, storageScrubState, type StorageScrubState } from '@/db/schema';
import { storageHygiene } from '@/lib/env';
import { readObjectChecksum, ReadThrottle } from './read-object-checksum';
import { recordIntegrityFailure, type IntegrityFinding } from './record-integrity-failure';

export type ScrubSettings = { bytesPerSecond: number; secondsPerRun: number; passIntervalHours: number };

export type ScrubRunResult = {
  objectsRead: number;
  bytesRead: number;
  newFindings: number;
  /** Where the run ended: the pass is finished, the run's time was up, or it is not yet time for a new pass. */
  ended: 'pass_completed' | 'time_up' | 'waiting_for_next_pass';
};

const batchSize = 100;

export function scrubSettings(): ScrubSettings {
  const s = storageHygiene();
  return { bytesPerSecond: s.STORAGE_SCRUB_BYTES_PER_SECOND, secondsPerRun: s.STORAGE_SCRUB_SECONDS_PER_RUN, passIntervalHours: s.STORAGE_SCRUB_PASS_INTERVAL_HOURS };
}

async function readState(): Promise<StorageScrubState> {
  await db().insert(storageScrubState).values({ id: 1 }).onConflictDoNothing();
  const [state] = await db().select().from(storageScrubState).where(eq(storageScrubState.id, 1));
  return state!;
}

async function saveState(values: Partial<Omit<StorageScrubState, 'id'>>): Promise<void> {
  await db().update(storageScrubState).set({ ...values, updatedAt: sql`now()` }).where(eq(storageScrubState.id, 1));
}

type ScrubbedInstance = Pick<typeof instances.$inferSelect, 'id' | 'objectKey' | 'sha256' | 'byteSize' | 'receivedObjectKey' | 'receivedSha256' | 'receivedByteSize'>;

/** The objects one instance row names, with what ingest recorded for each. */
function objectsOf(row: ScrubbedInstance): Array<Pick<IntegrityFinding, 'instanceId' | 'objectRole' | 'objectKey' | 'expectedSha256' | 'expectedBytes'>> {
  const objects: ReturnType<typeof objectsOf> = [{ instanceId: row.id, objectRole: 'instance', objectKey: row.objectKey, expectedSha256: row.sha256, expectedBytes: row.byteSize }];
  if (row.receivedObjectKey && row.receivedSha256 && row.receivedByteSize !== null) {
    objects.push({ instanceId: row.id, objectRole: 'received', objectKey: row.receivedObjectKey, expectedSha256: row.receivedSha256, expectedBytes: row.receivedByteSize });
  }
  return objects;
}

export async function scrubStoredObjects(settings: ScrubSettings = scrubSettings()): Promise<ScrubRunResult> {
  const startedAt = Date.now();
  const throttle = new ReadThrottle(settings.bytesPerSecond);
  const result: ScrubRunResult = { objectsRead: 0, bytesRead: 0, newFindings: 0, ended: 'time_up' };
  let state = await readState();

  if (!state.passStartedAt) {
    const due = !state.lastPassStartedAt || startedAt - state.lastPassStartedAt.getTime() >= settings.passIntervalHours * 3_600_000;
    if (!due) return { ...result, ended: 'waiting_for_next_pass' };
    await saveState({ cursor: null, passStartedAt: new Date(startedAt) });
    state = await readState();
  }

  let cursor = state.cursor;
  for (;;) {
    const batch = await db()
      .select({
        id: instances.id,
        objectKey: instances.objectKey,
        sha256: instances.sha256,
        byteSize: instances.byteSize,
        receivedObjectKey: instances.receivedObjectKey,
        receivedSha256: instances.receivedSha256,
        receivedByteSize: instances.receivedByteSize,
      })
      .from(instances)
      .where(cursor ? gt(instances.id, cursor) : undefined)
      .orderBy(asc(instances.id))
      .limit(batchSize);
    if (batch.length === 0) {
      await saveState({ cursor: null, passStartedAt: null, lastPassStartedAt: state.passStartedAt, lastPassCompletedAt: new Date() });
      return { ...result, bytesRead: throttle.bytesRead, ended: 'pass_completed' };
    }
    for (const row of batch) {
      if (Date.now() - startedAt >= settings.secondsPerRun * 1000) return { ...result, bytesRead: throttle.bytesRead };
      for (const object of objectsOf(row)) {
        const found = await readObjectChecksum(object.objectKey, throttle);
        result.objectsRead += 1;
        if (found && found.sha256 === object.expectedSha256 && found.bytes === object.expectedBytes) continue;
        const outcome = await recordIntegrityFailure({ ...object, problem: found ? 'checksum_mismatch' : 'missing', found });
        if (outcome === 'new') result.newFindings += 1;
      }
      cursor = row.id;
      await saveState({ cursor });
    }
  }
}
