import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { quarantineFiles, uploadLinks, type QuarantineFile, type UploadLink } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { staffQuarantineWhere, staffUploadLinkWhere } from './quarantine-access';

export type LockedGroup = { link: UploadLink; files: QuarantineFile[]; pending: QuarantineFile[] };

/**
 * The files of one inbox group, row-locked for a decision (accept or reject), with
 * their upload link; not-found unless both are the actor's facility's. The locks
 * make two decisions on one group run one after the other: the second finds the
 * files decided and only finishes the clean-up.
 */
export async function lockQuarantineGroup(tx: Tx, actor: StaffActor, group: { uploadLinkId: string; studyInstanceUid: string }): Promise<LockedGroup> {
  const [link] = await tx.select().from(uploadLinks).where(staffUploadLinkWhere(actor, group.uploadLinkId));
  if (!link) throw new AppError('not_found:quarantine');
  const files = await tx
    .select()
    .from(quarantineFiles)
    .where(and(staffQuarantineWhere(actor), eq(quarantineFiles.uploadLinkId, link.id), eq(quarantineFiles.studyInstanceUid, group.studyInstanceUid)))
    .orderBy(asc(quarantineFiles.receivedAt), asc(quarantineFiles.id))
    .for('update');
  if (files.length === 0) throw new AppError('not_found:quarantine');
  return { link, files, pending: files.filter((f) => f.status === 'pending') };
}
