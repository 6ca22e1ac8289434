// Opening an upload link: /u/<token> → the access check → an upload session bound
// to that link. The same rules as share links (lib/shares/open-share-link.ts):
// unknown, expired, revoked and locked links all answer "not found" with the real
// reason in the audit log; failed checks are counted in Postgres under a row lock,
// and the fifth locks the link.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { facilities, uploadLinkSessions, uploadLinks, type UploadLink } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import type { UploadLinkRejection } from '@/lib/audit/audit-event-types';
import { AppError } from '@/lib/errors';
import { maxFailedAccessChecks, normalizeAccessAnswer, verifyAccessAnswer, type AccessCheckKind } from '@/lib/shares/access-check';
import { isWellFormedShareToken, sha256Hex } from '@/lib/shares/share-token';
import { uploadLinkActorOf, uploadLinkRejection } from './upload-link-state';
import { facilityContactOf, type FacilityContact } from '@/lib/facilities/facility-contact';

const uploadSessionHours = 12;

/** Records why a link was refused (in its own transaction) and answers not-found. */
export async function refuseUploadLink(link: UploadLink | null, reason: UploadLinkRejection, context: RequestContext): Promise<never> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'UPLOAD_LINK_REJECTED',
      actor: uploadLinkActorOf(link),
      context,
      outcome: 'failure',
      reason,
      subject: link ? { type: 'upload_link', id: link.id } : undefined,
      patientRef: link?.patientRef ?? null,
    }),
  );
  throw new AppError('not_found:upload_link');
}

/** What the access-check page needs: which check, and who asked for the images. Or not-found. */
export async function lookUpUploadLink(token: string, context: RequestContext): Promise<{ accessCheckKind: AccessCheckKind; facility: FacilityContact }> {
  if (!isWellFormedShareToken(token)) return refuseUploadLink(null, 'unknown_token', context);
  const [row] = await db()
    .select({ link: uploadLinks, facility: facilities })
    .from(uploadLinks)
    .innerJoin(facilities, eq(facilities.id, uploadLinks.facilityId))
    .where(eq(uploadLinks.tokenSha256, sha256Hex(token)));
  if (!row) return refuseUploadLink(null, 'unknown_token', context);
  const rejection = uploadLinkRejection(row.link);
  if (rejection) return refuseUploadLink(row.link, rejection, context);
  return { accessCheckKind: row.link.accessCheckKind, facility: facilityContactOf(row.facility) };
}

export type UploadAccessResult =
  | { ok: true; uploadLinkId: string; sessionSecret: string; sessionExpiresAt: Date }
  | { ok: false; attemptsLeft: number };

/** A session for this browser: a random secret in the cookie, its SHA-256 here; ≤ 12 h and never past the link. */
async function startUploadSession(tx: Tx, link: UploadLink) {
  const sessionSecret = randomBytes(32).toString('base64url');
  const sessionExpiresAt = new Date(Math.min(link.expiresAt.getTime(), Date.now() + uploadSessionHours * 3_600_000));
  await tx.insert(uploadLinkSessions).values({ uploadLinkId: link.id, secretSha256: sha256Hex(sessionSecret), expiresAt: sessionExpiresAt });
  // A passed check clears earlier failed ones.
  await tx.update(uploadLinks).set({ failedAttempts: 0 }).where(eq(uploadLinks.id, link.id));
  return { uploadLinkId: link.id, sessionSecret, sessionExpiresAt };
}

export async function verifyUploadLinkAccess(token: string, answer: string, context: RequestContext): Promise<UploadAccessResult> {
  if (!isWellFormedShareToken(token)) return refuseUploadLink(null, 'unknown_token', context);

  type Outcome = { result: UploadAccessResult } | { rejected: UploadLink | null; reason: UploadLinkRejection };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    // The row lock serialises concurrent guesses at one link, so the counter is exact.
    const [link] = await tx.select().from(uploadLinks).where(eq(uploadLinks.tokenSha256, sha256Hex(token))).for('update');
    if (!link) return { rejected: null, reason: 'unknown_token' };
    const rejection = uploadLinkRejection(link);
    if (rejection) return { rejected: link, reason: rejection };

    const actor = uploadLinkActorOf(link);
    const subject = { type: 'upload_link' as const, id: link.id };
    const patientRef = link.patientRef;
    const normalized = normalizeAccessAnswer(link.accessCheckKind, answer);
    if (!(await verifyAccessAnswer(link.accessCheckHash, normalized))) {
      const failedAttempts = link.failedAttempts + 1;
      const locked = failedAttempts >= maxFailedAccessChecks;
      await tx
        .update(uploadLinks)
        .set({ failedAttempts, lockedAt: locked ? new Date() : null })
        .where(eq(uploadLinks.id, link.id));
      await recordAudit(tx, { type: 'ACCESS_CHECK_FAILED', actor, context, outcome: 'failure', subject, patientRef, details: { failedAttempts } });
      if (locked) await recordAudit(tx, { type: 'UPLOAD_LINK_LOCKED', actor, context, outcome: 'failure', reason: 'too_many_failed_checks', subject, patientRef });
      return { result: { ok: false, attemptsLeft: maxFailedAccessChecks - failedAttempts } };
    }

    const session = await startUploadSession(tx, link);
    await recordAudit(tx, { type: 'UPLOAD_LINK_OPENED', actor, context, subject, patientRef });
    return { result: { ok: true, ...session } };
  });

  if ('result' in outcome) return outcome.result;
  return refuseUploadLink(outcome.rejected, outcome.reason, context);
}
