// "Reject": the group's pending files are marked rejected with who and when, their
// audit row in the same transaction, and their objects deleted once that commits.
// Safe to retry: a second call finds them rejected and deletes any object left.
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { quarantineFiles } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { deleteObjectQuietly } from '@/lib/storage/objects';
import { lockQuarantineGroup } from './lock-quarantine-group';
import { assertCanHandleQuarantine, parseQuarantineGroup, type QuarantineGroupInput } from './quarantine-access';

export async function rejectQuarantinedStudy(actor: StaffActor, raw: QuarantineGroupInput, context: RequestContext): Promise<{ rejected: number }> {
  assertCanHandleQuarantine(actor);
  const group = parseQuarantineGroup(raw);
  const { rejected, objectKeys } = await db().transaction(async (tx) => {
    const { link, files, pending } = await lockQuarantineGroup(tx, actor, group);
    if (pending.length === 0) {
      if (files.some((f) => f.status === 'rejected')) {
        // Decided already (a retry, or a colleague): finish deleting what may be left.
        return { rejected: 0, objectKeys: files.filter((f) => f.status === 'rejected').map((f) => f.objectKey) };
      }
      throw new AppError('conflict:quarantine_decided', 'These images were already accepted.');
    }
    const ids = pending.map((f) => f.id);
    await tx
      .update(quarantineFiles)
      .set({ status: 'rejected', decidedBy: actor.userId, decidedAt: new Date() })
      .where(and(inArray(quarantineFiles.id, ids), eq(quarantineFiles.status, 'pending')));
    await recordAudit(tx, {
      type: 'QUARANTINE_REJECTED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'upload_link', id: link.id },
      patientRef: link.patientRef,
      details: { studyInstanceUid: group.studyInstanceUid, files: ids.length, quarantineFileIds: ids },
    });
    return { rejected: ids.length, objectKeys: pending.map((f) => f.objectKey) };
  });
  // After the commit: the rows say "rejected" whether or not a delete fails; a retry deletes again.
  await Promise.all(objectKeys.map((key) => deleteObjectQuietly(key)));
  return { rejected };
}
