import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type DbOrTx } from '@/db/client';
import { studies, type Study } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { AppError } from '@/lib/errors';
import { linkStudyWhere } from './study-access';

const uuid = z.string().uuid();

/** The study if this link shares it, else null. */
export async function findStudyForLink(tx: DbOrTx, actor: LinkActor, studyId: string): Promise<Study | null> {
  if (!uuid.safeParse(studyId).success) return null;
  const [study] = await tx.select().from(studies).where(and(eq(studies.id, studyId), linkStudyWhere(tx, actor)));
  return study ?? null;
}

/**
 * Records a link's refused request for a study in its own transaction (the
 * caller's is about to roll back, or never started), then throws `error`.
 */
export async function refuseStudyForLink(
  actor: LinkActor,
  studyId: string,
  reason: Extract<ShareLinkRejection, 'study_not_in_link' | 'download_not_allowed'>,
  error: AppError,
  context: RequestContext,
): Promise<never> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'SHARE_LINK_REJECTED',
      actor: linkAuditActor(actor),
      context,
      outcome: 'failure',
      reason,
      subject: { type: 'share_link', id: actor.shareLinkId },
      patientRef: actor.patientRef,
      details: { requestedStudyId: studyId.slice(0, 64) },
    }),
  );
  throw error;
}

/** A study this link does not share: not_found, so from outside it looks exactly like a wrong id. */
export function rejectStudyForLink(actor: LinkActor, studyId: string, context: RequestContext): Promise<never> {
  return refuseStudyForLink(actor, studyId, 'study_not_in_link', new AppError('not_found:study'), context);
}
