// The e-mailed one-time code (access check `email_otp`): sent to the link's delivery
// address when the recipient asks for it on the access-check page, stored only as an
// argon2 hash, valid 10 minutes and once; wrong answers count toward the link's
// lockout like any access check. Sending is rate limited per link.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { linkOneTimeCodes, shareLinks, type ShareLink } from '@/db/schema';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { sendMail } from '@/lib/mail/mailer';
import { oneTimeCodeMessage } from '@/lib/mail/messages';
import { unsafeFacilityContact } from '@/lib/facilities/facility-contact';
import { generateAccessCode, hashAccessAnswer, verifyAccessAnswer } from './access-check';
import { linkConditionsRejection } from './link-conditions';
import { openingRejection } from './link-state';
import { isWellFormedShareToken, sha256Hex } from './share-token';

export const oneTimeCodeMinutes = 10;
const maxCodesPer15Minutes = 3;
const minSecondsBetweenCodes = 30;

/** d***@example.org: enough for the recipient to recognise their address, not to learn someone else's. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** Sends a fresh code to the link's address; answers where it went (masked). Unusable links are simply not found. */
export async function sendOneTimeCode(token: string, context: RequestContext): Promise<{ sentTo: string }> {
  if (!isWellFormedShareToken(token)) throw new AppError('not_found:share_link');
  return db().transaction(async (tx) => {
    const [link] = await tx.select().from(shareLinks).where(eq(shareLinks.tokenSha256, sha256Hex(token))).for('update');
    if (!link || openingRejection(link) || (await linkConditionsRejection(tx, link))) throw new AppError('not_found:share_link');
    if (link.accessCheckKind !== 'email_otp' || !link.deliveryEmail) throw new AppError('bad_request:no_one_time_code', 'This link does not use e-mailed codes.');

    const recent = await tx
      .select({ createdAt: linkOneTimeCodes.createdAt })
      .from(linkOneTimeCodes)
      .where(and(eq(linkOneTimeCodes.shareLinkId, link.id), gt(linkOneTimeCodes.createdAt, new Date(Date.now() - 15 * 60_000))))
      .orderBy(desc(linkOneTimeCodes.createdAt));
    const last = recent[0]?.createdAt;
    if (recent.length >= maxCodesPer15Minutes || (last && Date.now() - last.getTime() < minSecondsBetweenCodes * 1000)) {
      throw new AppError('rate_limited:one_time_code', 'A code was sent a moment ago. Check your e-mail (and spam folder), or wait a few minutes before asking again.');
    }
    const code = generateAccessCode();
    await tx.insert(linkOneTimeCodes).values({
      shareLinkId: link.id,
      codeHash: await hashAccessAnswer(code),
      expiresAt: new Date(Date.now() + oneTimeCodeMinutes * 60_000),
    });
    await recordAudit(tx, {
      type: 'ONE_TIME_CODE_SENT',
      actor: linkAuditActor({ shareLinkId: link.id, ...link }),
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      // Sent to the link's delivery address, which its row (subject) holds.
    });
    // Sent inside the transaction: if SMTP refuses, no code exists that nobody received.
    await sendMail({ to: link.deliveryEmail, ...oneTimeCodeMessage({ code, validMinutes: oneTimeCodeMinutes, facility: await unsafeFacilityContact(link.facilityId, tx) }) }).catch((err: Error) => {
      throw new AppError('unavailable:mail', 'The code could not be e-mailed just now. Please try again in a few minutes.', { cause: err });
    });
    return { sentTo: maskEmail(link.deliveryEmail) };
  });
}

/**
 * For an `email_otp` link: whether `normalized` is its latest live code (which is then
 * used up). Called under the link's row lock by the access check.
 */
export async function consumeOneTimeCode(tx: Tx, link: Pick<ShareLink, 'id'>, normalized: string | null): Promise<boolean> {
  const [latest] = await tx
    .select()
    .from(linkOneTimeCodes)
    .where(and(eq(linkOneTimeCodes.shareLinkId, link.id), isNull(linkOneTimeCodes.usedAt), gt(linkOneTimeCodes.expiresAt, new Date())))
    .orderBy(desc(linkOneTimeCodes.createdAt))
    .limit(1);
  if (!latest) {
    await verifyAccessAnswer(await dummyHash(), normalized); // same timing with or without a live code
    return false;
  }
  if (!(await verifyAccessAnswer(latest.codeHash, normalized))) return false;
  await tx.update(linkOneTimeCodes).set({ usedAt: new Date() }).where(eq(linkOneTimeCodes.id, latest.id));
  return true;
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashAccessAnswer('no-live-code'));
