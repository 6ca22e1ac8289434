// SECURITY-CRITICAL: turns a link-session cookie into a LinkActor. Every route of
// a link (study list, manifest, instance refresh, download) comes through here,
// so revoking, locking or expiring a link, or withdrawing the consent it was shared
// under, stops all of them on the next request.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { linkSessions, shareLinks } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { recordRefusal } from '@/lib/audit/record-refusal';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { linkConditionsRejection } from './link-conditions';
import { AppError } from '@/lib/errors';
import { shareLinkRejection } from './link-state';
import { sha256Hex } from './share-token';

const uuid = z.string().uuid();

export async function resolveLinkActor(
  sessionSecret: string | undefined,
  shareLinkId: string,
  context: RequestContext,
): Promise<LinkActor> {
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  if (!sessionSecret) return refuseWithoutSession(null, shareLinkId, context);

  const [row] = await db()
    .select({ link: shareLinks, session: linkSessions })
    .from(linkSessions)
    .innerJoin(shareLinks, eq(shareLinks.id, linkSessions.shareLinkId))
    .where(and(eq(linkSessions.secretSha256, sha256Hex(sessionSecret)), eq(linkSessions.shareLinkId, shareLinkId)));
  if (!row) return refuseWithoutSession(sessionSecret, shareLinkId, context);

  let rejection: ShareLinkRejection | null = shareLinkRejection(row.link);
  if (!rejection && row.session.expiresAt.getTime() <= Date.now()) rejection = 'session_invalid';
  if (!rejection) rejection = await linkConditionsRejection(db(), row.link);
  if (rejection) {
    await db().transaction((tx) =>
      recordAudit(tx, {
        type: 'SHARE_LINK_REJECTED',
        actor: linkAuditActor({ shareLinkId: row.link.id, ...row.link }),
        context,
        outcome: 'failure',
        reason: rejection,
        subject: { type: 'share_link', id: row.link.id },
        patientRef: row.link.patientRef,
      }),
    );
    throw new AppError('not_found:share_link');
  }
  return {
    kind: 'link',
    shareLinkId: row.link.id,
    facilityId: row.link.facilityId,
    linkSessionId: row.session.id,
    linkExpiresAt: row.link.expiresAt,
    recipientKind: row.link.recipientKind,
    purpose: row.link.purpose,
    patientRef: row.link.patientRef,
    allowDownload: row.link.allowDownload,
    allowForward: row.link.allowForward,
  };
}

/**
 * No session of this link. A session of another link (one browser, one cookie)
 * asking for this one is recorded as that link, naming the link it asked for; a
 * forged or stale cookie, or none, as anonymous, naming it too. Rate-limited per
 * actor (lib/audit/record-refusal.ts): a loop of forged cookies cannot flood the trail.
 */
async function refuseWithoutSession(sessionSecret: string | null, shareLinkId: string, context: RequestContext): Promise<never> {
  const [own] = sessionSecret
    ? await db()
        .select({ link: shareLinks })
        .from(linkSessions)
        .innerJoin(shareLinks, eq(shareLinks.id, linkSessions.shareLinkId))
        .where(eq(linkSessions.secretSha256, sha256Hex(sessionSecret)))
    : [];
  await recordRefusal({
    type: 'SHARE_LINK_REJECTED',
    actor: own ? linkAuditActor({ shareLinkId: own.link.id, ...own.link }) : { type: 'anonymous' },
    context,
    requested: { type: 'share_link', id: shareLinkId },
    reason: (own ? 'session_of_other_link' : 'session_invalid') satisfies ShareLinkRejection,
    patientRef: own?.link.patientRef ?? null,
  });
  throw new AppError('not_found:share_link');
}
