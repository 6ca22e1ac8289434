// The facility admin's view of the integrity scrub: open findings in their facility
// (newest first) and when the last full pass over the storage ended. Ids, hashes and
// times only; the study link leads to the study page, which audits its own read.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { storageIntegrityFailures, storageScrubState, type StorageIntegrityFailure } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

export type StorageIntegrityOverview = {
  openFailures: Array<Pick<StorageIntegrityFailure, 'id' | 'studyId' | 'instanceId' | 'objectRole' | 'problem' | 'detectedAt' | 'lastSeenAt'>>;
  lastPassCompletedAt: Date | null;
};

export async function listIntegrityFailures(actor: StaffActor): Promise<StorageIntegrityOverview> {
  if (!can(actor, 'storage:read_integrity')) throw new AppError('forbidden:storage_admin');
  const openFailures = await db()
    .select({
      id: storageIntegrityFailures.id,
      studyId: storageIntegrityFailures.studyId,
      instanceId: storageIntegrityFailures.instanceId,
      objectRole: storageIntegrityFailures.objectRole,
      problem: storageIntegrityFailures.problem,
      detectedAt: storageIntegrityFailures.detectedAt,
      lastSeenAt: storageIntegrityFailures.lastSeenAt,
    })
    .from(storageIntegrityFailures)
    .where(and(eq(storageIntegrityFailures.facilityId, actor.facilityId), isNull(storageIntegrityFailures.resolvedAt)))
    .orderBy(desc(storageIntegrityFailures.detectedAt))
    .limit(200);
  const [state] = await db().select({ lastPassCompletedAt: storageScrubState.lastPassCompletedAt }).from(storageScrubState);
  return { openFailures, lastPassCompletedAt: state?.lastPassCompletedAt ?? null };
}
