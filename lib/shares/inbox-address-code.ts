// A clinician whose address is not verified by their IdP's domain claim proves they
// receive mail there: a one-time code e-mailed to the account's address, stored only
// as an argon2 hash, valid 10 minutes and once, five wrong answers void it. Sending is
// rate limited per user. After it, named links to that address appear in their inbox.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, inboxAddressCodes, inboxAddressConfirmations, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { sendMail } from '@/lib/mail/mailer';
import { inboxAddressCodeMessage } from '@/lib/mail/messages';
import { generateAccessCode, hashAccessAnswer, maxFailedAccessChecks, normalizeAccessAnswer, verifyAccessAnswer } from './access-check';
import { maskEmail, oneTimeCodeMinutes } from './one-time-code';
import { verifiedInboxAddresses } from './verified-inbox-addresses';

const maxCodesPer15Minutes = 3;
const minSecondsBetweenCodes = 30;

export type InboxAddressStatus = { address: string; masked: string; verified: boolean; confirmable: boolean };

async function accountAddress(actor: StaffActor): Promise<string> {
  if (!can(actor, 'inbox:use')) throw new AppError('forbidden:inbox', 'The inbox is for clinicians receiving referrals.');
  const [user] = await db().select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('unauthorized:staff');
  return user.email.toLowerCase();
}

/** Whether the account's own address counts for the inbox, and whether a code can be sent to it. */
export async function inboxAddressStatus(actor: StaffActor): Promise<InboxAddressStatus> {
  const address = await accountAddress(actor);
  const verified = (await verifiedInboxAddresses(db(), actor.userId)).includes(address);
  // The placeholder for an IdP that sent no address (sign-in-with-identity.ts) receives no mail.
  return { address, masked: maskEmail(address), verified, confirmable: !address.endsWith('.invalid') };
}

/** E-mails a fresh code to the account's address; answers where it went (masked). */
export async function sendInboxAddressCode(actor: StaffActor, context: RequestContext): Promise<{ sentTo: string }> {
  const address = await accountAddress(actor);
  if (address.endsWith('.invalid')) throw new AppError('unprocessable:no_address', 'Your account has no e-mail address to confirm.');
  return db().transaction(async (tx) => {
    // Serialises concurrent requests of one user, so the rate limit holds.
    const [account] = await tx
      .select({ facilityName: facilities.name })
      .from(users)
      .innerJoin(facilities, eq(facilities.id, users.facilityId))
      .where(eq(users.id, actor.userId))
      .for('update', { of: users });
    if (!account) throw new AppError('unauthorized:staff');
    const recent = await tx
      .select({ createdAt: inboxAddressCodes.createdAt })
      .from(inboxAddressCodes)
      .where(and(eq(inboxAddressCodes.userId, actor.userId), gt(inboxAddressCodes.createdAt, new Date(Date.now() - 15 * 60_000))))
      .orderBy(desc(inboxAddressCodes.createdAt));
    const last = recent[0]?.createdAt;
    if (recent.length >= maxCodesPer15Minutes || (last && Date.now() - last.getTime() < minSecondsBetweenCodes * 1000)) {
      throw new AppError('rate_limited:one_time_code', 'A code was sent a moment ago. Check your e-mail (and spam folder), or wait a few minutes before asking again.');
    }
    const code = generateAccessCode();
    const [sent] = await tx
      .insert(inboxAddressCodes)
      .values({
        userId: actor.userId,
        email: address,
        codeHash: await hashAccessAnswer(code),
        expiresAt: new Date(Date.now() + oneTimeCodeMinutes * 60_000),
      })
      .returning({ id: inboxAddressCodes.id });
    // The address is in the code's own row: the audit row names that row, not the address.
    await recordAudit(tx, { type: 'INBOX_ADDRESS_CODE_SENT', actor: staffAuditActor(actor), context, subject: { type: 'user', id: actor.userId }, details: { codeId: sent!.id } });
    // Sent inside the transaction: if SMTP refuses, no code exists that nobody received.
    await sendMail({ to: address, ...inboxAddressCodeMessage({ code, validMinutes: oneTimeCodeMinutes, facilityName: account.facilityName }) }).catch((err: Error) => {
      throw new AppError('unavailable:mail', 'The code could not be e-mailed just now. Please try again in a few minutes.', { cause: err });
    });
    return { sentTo: maskEmail(address) };
  });
}

/** Checks the code against the latest live one; on success the address it was sent to counts for the inbox. */
export async function confirmInboxAddress(actor: StaffActor, answer: string, context: RequestContext): Promise<{ confirmed: string }> {
  if (!can(actor, 'inbox:use')) throw new AppError('forbidden:inbox', 'The inbox is for clinicians receiving referrals.');
  const normalized = normalizeAccessAnswer('email_otp', answer);
  const outcome = await db().transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(inboxAddressCodes)
      .where(and(eq(inboxAddressCodes.userId, actor.userId), isNull(inboxAddressCodes.usedAt), gt(inboxAddressCodes.expiresAt, new Date())))
      .orderBy(desc(inboxAddressCodes.createdAt))
      .limit(1)
      .for('update');
    const audited = { type: 'INBOX_ADDRESS_CONFIRMED', actor: staffAuditActor(actor), context, subject: { type: 'user', id: actor.userId } } as const;
    if (!latest) {
      await recordAudit(tx, { ...audited, outcome: 'failure', reason: 'no_live_code' });
      return null;
    }
    if (!(await verifyAccessAnswer(latest.codeHash, normalized))) {
      const failedAttempts = latest.failedAttempts + 1;
      await tx
        .update(inboxAddressCodes)
        .set({ failedAttempts, usedAt: failedAttempts >= maxFailedAccessChecks ? new Date() : null })
        .where(eq(inboxAddressCodes.id, latest.id));
      await recordAudit(tx, { ...audited, outcome: 'failure', reason: 'wrong_code', details: { codeId: latest.id, failedAttempts } });
      return null;
    }
    await tx.update(inboxAddressCodes).set({ usedAt: new Date() }).where(eq(inboxAddressCodes.id, latest.id));
    await tx.insert(inboxAddressConfirmations).values({ userId: actor.userId, email: latest.email }).onConflictDoNothing();
    await recordAudit(tx, { ...audited, details: { codeId: latest.id } });
    return latest.email;
  });
  if (!outcome) throw new AppError('unprocessable:wrong_code', 'That code is not right, or it has expired. Ask for a new one.');
  return { confirmed: maskEmail(outcome) };
}
