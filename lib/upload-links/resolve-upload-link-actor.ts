// SECURITY-CRITICAL: turns an upload-session cookie into an UploadLinkActor. The
// upload page and every file posted come through here, so revoking, locking or
// expiring the link (or the session running out) stops them on the next request.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { uploadLinkSessions, uploadLinks } from '@/db/schema';
import type { UploadLinkActor } from '@/lib/auth/actors';
import { uploadLinkAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { recordRefusal } from '@/lib/audit/record-refusal';
import type { UploadLinkRejection } from '@/lib/audit/audit-event-types';
import { AppError } from '@/lib/errors';
import { sha256Hex } from '@/lib/shares/share-token';
import { refuseUploadLink } from './open-upload-link';
import { uploadLinkRejection } from './upload-link-state';

const uuid = z.string().uuid();

export async function resolveUploadLinkActor(sessionSecret: string | undefined, uploadLinkId: string, context: RequestContext): Promise<UploadLinkActor> {
  if (!uuid.safeParse(uploadLinkId).success) throw new AppError('not_found:upload_link');
  if (!sessionSecret) return refuseWithoutSession(null, uploadLinkId, context);

  // Bound to the link in the URL: a session of another link, or a forged secret, finds nothing.
  const [row] = await db()
    .select({ link: uploadLinks, session: uploadLinkSessions })
    .from(uploadLinkSessions)
    .innerJoin(uploadLinks, eq(uploadLinks.id, uploadLinkSessions.uploadLinkId))
    .where(and(eq(uploadLinkSessions.secretSha256, sha256Hex(sessionSecret)), eq(uploadLinkSessions.uploadLinkId, uploadLinkId)));

  if (!row) return refuseWithoutSession(sessionSecret, uploadLinkId, context);
  let rejection: UploadLinkRejection | null = uploadLinkRejection(row.link);
  if (!rejection && row.session.expiresAt.getTime() <= Date.now()) rejection = 'session_invalid';
  if (rejection) return refuseUploadLink(row.link, rejection, context);
  return {
    kind: 'upload_link',
    uploadLinkId: row.link.id,
    facilityId: row.link.facilityId,
    uploadSessionId: row.session.id,
    patientRef: row.link.patientRef,
    linkExpiresAt: row.link.expiresAt,
  };
}

/**
 * No session of this upload link: a session of another one (recorded as that link)
 * or a forged or missing cookie (anonymous), each naming the link asked for, rate-limited per actor.
 */
async function refuseWithoutSession(sessionSecret: string | null, uploadLinkId: string, context: RequestContext): Promise<never> {
  const [own] = sessionSecret
    ? await db()
        .select({ link: uploadLinks })
        .from(uploadLinkSessions)
        .innerJoin(uploadLinks, eq(uploadLinks.id, uploadLinkSessions.uploadLinkId))
        .where(eq(uploadLinkSessions.secretSha256, sha256Hex(sessionSecret)))
    : [];
  await recordRefusal({
    type: 'UPLOAD_LINK_REJECTED',
    actor: own ? uploadLinkAuditActor({ uploadLinkId: own.link.id, facilityId: own.link.facilityId }) : { type: 'anonymous' },
    context,
    requested: { type: 'upload_link', id: uploadLinkId },
    reason: (own ? 'session_of_other_link' : 'session_invalid') satisfies UploadLinkRejection,
    patientRef: own?.link.patientRef ?? null,
  });
  throw new AppError('not_found:upload_link');
}
