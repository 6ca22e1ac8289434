// Opening a link: /s/<token> → the access check → a link session bound to that
// link. Unknown, expired, revoked and locked links all answer "not found"; the
// audit row records which it was. Attempts are counted in Postgres, under a row
// lock, so they survive restarts and hold across app instances.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { shareLinks, type ShareLink } from '@/db/schema';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { linkConditionsRejection } from './link-conditions';
import { AppError } from '@/lib/errors';
import { maxFailedAccessChecks, normalizeAccessAnswer, verifyAccessAnswer, type AccessCheckKind } from './access-check';
import { openingRejection } from './link-state';
import { isWellFormedShareToken, sha256Hex } from './share-token';
import { startLinkSession } from './start-link-session';
import { consumeOneTimeCode, maskEmail } from './one-time-code';
import { queueLinkAlerts } from '@/lib/mail/link-alerts';
import { unsafeFacilityContact, type FacilityContact } from '@/lib/facilities/facility-contact';

type RejectedLink = ShareLink | null;

async function rejectLink(link: RejectedLink, reason: ShareLinkRejection, context: RequestContext): Promise<never> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'SHARE_LINK_REJECTED',
      actor: link ? linkAuditActor({ shareLinkId: link.id, ...link }) : { type: 'anonymous' },
      context,
      outcome: 'failure',
      reason,
      subject: link ? { type: 'share_link', id: link.id } : undefined,
      patientRef: link?.patientRef ?? null,
    }),
  );
  throw new AppError('not_found:share_link');
}

/** What the access-check page needs to know about a link (which check, who shared it), or not_found. */
export async function lookUpShareLink(
  token: string,
  context: RequestContext,
): Promise<{ accessCheckKind: AccessCheckKind; codeSentTo: string | null; facility: FacilityContact }> {
  if (!isWellFormedShareToken(token)) return rejectLink(null, 'unknown_token', context);
  const [link] = await db().select().from(shareLinks).where(eq(shareLinks.tokenSha256, sha256Hex(token)));
  if (!link) return rejectLink(null, 'unknown_token', context);
  const rejection = openingRejection(link) ?? (await linkConditionsRejection(db(), link));
  if (rejection) return rejectLink(link, rejection, context);
  return {
    accessCheckKind: link.accessCheckKind,
    codeSentTo: link.accessCheckKind === 'email_otp' && link.deliveryEmail ? maskEmail(link.deliveryEmail) : null,
    facility: await unsafeFacilityContact(link.facilityId),
  };
}

export type AccessCheckResult =
  | { ok: true; shareLinkId: string; sessionSecret: string; sessionExpiresAt: Date }
  | { ok: false; attemptsLeft: number };

export async function verifyShareLinkAccess(token: string, answer: string, context: RequestContext): Promise<AccessCheckResult> {
  if (!isWellFormedShareToken(token)) return rejectLink(null, 'unknown_token', context);

  type Outcome = { result: AccessCheckResult } | { rejected: RejectedLink; reason: ShareLinkRejection };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    // The row lock serialises concurrent guesses at one link, so the counter is exact.
    const [link] = await tx
      .select()
      .from(shareLinks)
      .where(eq(shareLinks.tokenSha256, sha256Hex(token)))
      .for('update');
    if (!link) return { rejected: null, reason: 'unknown_token' };
    const rejection = openingRejection(link) ?? (await linkConditionsRejection(tx, link));
    if (rejection) return { rejected: link, reason: rejection };

    const actor = linkAuditActor({ shareLinkId: link.id, ...link });
    const subject = { type: 'share_link' as const, id: link.id };
    const patientRef = link.patientRef;
    const normalized = normalizeAccessAnswer(link.accessCheckKind, answer);
    const passed =
      link.accessCheckKind === 'email_otp' ? await consumeOneTimeCode(tx, link, normalized) : await verifyAccessAnswer(link.accessCheckHash, normalized);
    if (!passed) {
      const failedAttempts = link.failedAttempts + 1;
      const locked = failedAttempts >= maxFailedAccessChecks;
      await tx
        .update(shareLinks)
        .set({ failedAttempts, lockedAt: locked ? new Date() : null })
        .where(eq(shareLinks.id, link.id));
      await recordAudit(tx, { type: 'ACCESS_CHECK_FAILED', actor, context, outcome: 'failure', subject, patientRef, details: { failedAttempts } });
      if (locked) await recordAudit(tx, { type: 'SHARE_LINK_LOCKED', actor, context, outcome: 'failure', reason: 'too_many_failed_checks', subject, patientRef });
      return { result: { ok: false, attemptsLeft: maxFailedAccessChecks - failedAttempts } };
    }

    const session = await startLinkSession(tx, link, { clearFailedChecks: true });
    await recordAudit(tx, { type: 'SHARE_LINK_OPENED', actor, context, subject, patientRef });
    if (!link.firstOpenedAt) await queueLinkAlerts(tx, link, 'first_open', context);
    return { result: { ok: true, ...session } };
  });

  if ('result' in outcome) return outcome.result;
  return rejectLink(outcome.rejected, outcome.reason, context);
}
