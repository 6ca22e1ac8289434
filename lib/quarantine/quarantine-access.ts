// SECURITY-CRITICAL: who sees and decides quarantined uploads. Only staff of the
// upload link's facility, in a role that handles studies; every read and decision
// is scoped by these in its WHERE clause, so another facility's ids are "not found".
import { and, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { quarantineFiles, uploadLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

export function assertCanHandleQuarantine(actor: StaffActor): void {
  if (!can(actor, 'quarantine:manage')) {
    throw new AppError('forbidden:quarantine', 'Your account cannot handle uploaded images. Ask your facility administrator for a role.');
  }
}

/** The quarantined files the actor's facility holds. */
export function staffQuarantineWhere(actor: StaffActor): SQL {
  return eq(quarantineFiles.facilityId, actor.facilityId);
}

/** One group of the inbox: the files of one upload link for one study. */
export const quarantineGroupInput = z.object({
  uploadLinkId: z.string().uuid(),
  studyInstanceUid: z.string().min(1).max(64),
  /** Staff checked the images although their headers disagree with the patient (required to accept such a group). */
  confirmMismatch: z.boolean().default(false),
});
export type QuarantineGroupInput = z.input<typeof quarantineGroupInput>;

export function parseQuarantineGroup(raw: QuarantineGroupInput): z.output<typeof quarantineGroupInput> {
  const parsed = quarantineGroupInput.safeParse(raw);
  // A malformed id names nothing of ours: not found, like a foreign one.
  if (!parsed.success) throw new AppError('not_found:quarantine');
  return parsed.data;
}

/** The upload link itself, of the actor's facility. */
export function staffUploadLinkWhere(actor: StaffActor, uploadLinkId: string): SQL {
  return and(eq(uploadLinks.id, uploadLinkId), eq(uploadLinks.facilityId, actor.facilityId))!;
}
