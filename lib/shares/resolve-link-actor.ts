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
  if (!sessionSecret) throw new AppError('not_found:share_link');

  const [row] = await db()
    .select({ link: shareLinks, session: linkSessions })
    .from(linkSessions)
    .innerJoin(shareLinks, eq(shareLinks.id, linkSessions.shareLinkId))
    .where(and(eq(linkSessions.secretSha256, sha256Hex(sessionSecret)), eq(linkSessions.shareLinkId, shareLinkId)));

  let rejection: ShareLinkRejection | null = row ? shareLinkRejection(row.link) : 'session_invalid';
  if (row && !rejection && row.session.expiresAt.getTime() <= Date.now()) rejection = 'session_invalid';
  if (row && !rejection) rejection = await linkConditionsRejection(db(), row.link);
  if (!row || rejection) {
    // A cookie for another link or a forged one tells us nothing about this link's facility.
    const link = row?.link;
    await db().transaction((tx) =>
      recordAudit(tx, {
        type: 'SHARE_LINK_REJECTED',
        actor: link ? linkAuditActor({ shareLinkId: link.id, ...link }) : { type: 'anonymous' },
        context,
        outcome: 'failure',
        reason: rejection ?? 'session_invalid',
        subject: link ? { type: 'share_link', id: link.id } : undefined,
        patientRef: link?.patientRef ?? null,
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
