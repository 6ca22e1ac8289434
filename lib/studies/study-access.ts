// SECURITY-CRITICAL: the one access predicate per actor kind for studies. Every
// read of a study goes through these; a study outside them is "not found".
import { and, eq, exists, type SQL } from 'drizzle-orm';
import { shareLinkStudies, studies } from '@/db/schema';
import type { LinkActor, StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { DbOrTx } from '@/db/client';

/** Clinicians see what is shared with them; compliance, the audit log (lib/auth/permissions.ts). */
export function assertCanReadStudies(actor: StaffActor): void {
  if (!can(actor, 'study:read')) {
    throw new AppError('forbidden:studies', 'Your account has no access to studies. Ask your facility administrator for a role.');
  }
}

/** Staff see the studies of their own facility. */
export function staffStudyWhere(actor: StaffActor): SQL {
  return eq(studies.facilityId, actor.facilityId);
}

/** A link session sees exactly the studies its link shares (and only within the link's facility). */
export function linkStudyWhere(tx: DbOrTx, actor: LinkActor): SQL {
  const inLink = exists(
    tx
      .select({ one: shareLinkStudies.studyId })
      .from(shareLinkStudies)
      .where(and(eq(shareLinkStudies.shareLinkId, actor.shareLinkId), eq(shareLinkStudies.studyId, studies.id))),
  );
  return and(eq(studies.facilityId, actor.facilityId), inLink) as SQL;
}
