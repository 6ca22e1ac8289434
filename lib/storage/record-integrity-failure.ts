// One integrity finding, in one transaction: the row admins see (storage_integrity_failures),
// the audit event (STORAGE_INTEGRITY_FAILED, by the system) and the admins' e-mails.
// An object already on the list (an open row) is only seen again: no second alert.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { instances, storageIntegrityFailures, studies } from '@/db/schema';
import { noRequestContext, recordAudit } from '@/lib/audit/record-audit';
import { queueStorageIntegrityAlerts } from '@/lib/mail/storage-integrity-alerts';
import type { StorageIntegrityProblem } from '@/lib/mail/messages';

export type IntegrityFinding = {
  instanceId: string;
  objectRole: 'instance' | 'received';
  objectKey: string;
  problem: StorageIntegrityProblem;
  expectedSha256: string;
  expectedBytes: number;
  found: { sha256: string; bytes: number } | null;
};

/** 'new' when this finding was recorded and alerted; 'known' when it was already open; 'gone' when the instance no longer exists. */
export async function recordIntegrityFailure(finding: IntegrityFinding): Promise<'new' | 'known' | 'gone'> {
  return db().transaction(async (tx) => {
    const keyColumn = finding.objectRole === 'instance' ? instances.objectKey : instances.receivedObjectKey;
    // Still the object this row names (not deleted or replaced while it was being read).
    const [instance] = await tx
      .select({ facilityId: instances.facilityId, studyId: instances.studyId, patientRef: studies.patientRef })
      .from(instances)
      .innerJoin(studies, eq(studies.id, instances.studyId))
      .where(and(eq(instances.id, finding.instanceId), eq(keyColumn, finding.objectKey)));
    if (!instance) return 'gone';

    const [inserted] = await tx
      .insert(storageIntegrityFailures)
      .values({
        facilityId: instance.facilityId,
        studyId: instance.studyId,
        instanceId: finding.instanceId,
        objectRole: finding.objectRole,
        problem: finding.problem,
        expectedSha256: finding.expectedSha256,
        expectedBytes: finding.expectedBytes,
        foundSha256: finding.found?.sha256 ?? null,
        foundBytes: finding.found?.bytes ?? null,
      })
      .onConflictDoNothing({ target: [storageIntegrityFailures.instanceId, storageIntegrityFailures.objectRole], where: sql`resolved_at is null` })
      .returning({ id: storageIntegrityFailures.id });
    if (!inserted) {
      await tx
        .update(storageIntegrityFailures)
        .set({ lastSeenAt: sql`now()`, problem: finding.problem, foundSha256: finding.found?.sha256 ?? null, foundBytes: finding.found?.bytes ?? null })
        .where(
          and(
            eq(storageIntegrityFailures.instanceId, finding.instanceId),
            eq(storageIntegrityFailures.objectRole, finding.objectRole),
            isNull(storageIntegrityFailures.resolvedAt),
          ),
        );
      return 'known';
    }

    await recordAudit(tx, {
      type: 'STORAGE_INTEGRITY_FAILED',
      actor: { type: 'system' },
      facilityId: instance.facilityId,
      context: noRequestContext,
      outcome: 'failure',
      reason: finding.problem,
      subject: { type: 'instance', id: finding.instanceId },
      patientRef: instance.patientRef,
      studyIds: [instance.studyId],
      purposeOfUse: 'HSYSADMIN',
      // Ids, hashes and lengths: nothing the image or its header says.
      details: {
        failureId: inserted.id,
        objectRole: finding.objectRole,
        expectedSha256: finding.expectedSha256,
        foundSha256: finding.found?.sha256 ?? null,
        expectedBytes: finding.expectedBytes,
        foundBytes: finding.found?.bytes ?? null,
      },
    });
    await queueStorageIntegrityAlerts(tx, {
      facilityId: instance.facilityId,
      instanceId: finding.instanceId,
      studyId: instance.studyId,
      problem: finding.problem,
      objectRole: finding.objectRole,
    });
    return 'new';
  });
}
