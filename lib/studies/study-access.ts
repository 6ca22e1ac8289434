// SECURITY-CRITICAL: the one access predicate per actor kind for studies. Every
// read of a study goes through these; a study outside them is "not found".
import { and, eq, exists, type SQL } from 'drizzle-orm';
import { shareLinkStudies, studies } from '@/db/schema';
import type { LinkActor, StaffActor } from '@/lib/auth/actors';
import type { DbOrTx } from '@/db/client';

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
