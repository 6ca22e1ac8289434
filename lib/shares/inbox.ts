// SECURITY-CRITICAL: a clinician's "Shared with me" inbox. A link addressed to
// an e-mail shows up for the signed-in clinician for whom that address is verified
// (verified-inbox-addresses.ts: their IdP's counting domain claim, or a code they
// received there), whatever facility shared it; opening it from here replaces the
// access check (their institution's sign-in is the proof) and starts an ordinary link
// session. A link to an address verified for nobody is reachable only through the
// link itself and its access check.
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db/client';
import { facilities, inboxReviews, patients, shareLinks, shareLinkStudies, studies, users, type ShareLink } from '@/db/schema';
import type { ShareLinkRejection } from '@/lib/audit/audit-event-types';
import { studyImageCount, studyModalities } from '@/lib/studies/study-summary-columns';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { linkPurposeOfUse } from '@/lib/audit/purpose-of-use';
import { linkConditionsRejection } from './link-conditions';
import { openingRejection } from './link-state';
import { AppError } from '@/lib/errors';
import { startLinkSession, type StartedLinkSession } from './start-link-session';
import { queueLinkAlerts } from '@/lib/mail/link-alerts';
import { verifiedInboxAddresses } from './verified-inbox-addresses';
import { refusalAlreadyRecorded, withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export type InboxItem = {
  shareLinkId: string;
  /** Who shared it: the name the facility shows recipients (its display name when set). */
  facilityName: string;
  sharedAt: Date;
  expiresAt: Date;
  noteToRecipient: string | null;
  studies: Array<{
    id: string;
    patientName: string;
    /** The patient's date of birth (YYYY-MM-DD) and DICOM sex (M, F, O), to tell patients of one name apart. */
    patientBirthDate: string | null;
    patientSex: string | null;
    studyDate: string | null;
    description: string;
    modalities: string[];
    imageCount: number;
    /** When this clinician marked it reviewed, or null. */
    reviewedAt: Date | null;
  }>;
};

/** The clinician's verified addresses; never the account's e-mail on its own word. */
async function recipientAddressesOf(tx: Tx, actor: StaffActor): Promise<string[]> {
  if (!can(actor, 'inbox:use')) throw new AppError('forbidden:inbox', 'The inbox is for clinicians receiving referrals.');
  return verifiedInboxAddresses(tx, actor.userId);
}

/**
 * Active links (not revoked, locked or expired) addressed to one of these verified
 * addresses. Only called with a non-empty list (an empty IN would match nothing, but
 * the callers say so plainly instead).
 */
const activeFor = (addresses: string[]) =>
  and(
    eq(shareLinks.recipientKind, 'named'),
    inArray(shareLinks.recipientEmail, addresses),
    isNull(shareLinks.revokedAt),
    isNull(shareLinks.lockedAt),
    gt(shareLinks.expiresAt, new Date()),
  );

export async function listInbox(actor: StaffActor, context: RequestContext): Promise<InboxItem[]> {
  return db().transaction(async (tx) => {
    const addresses = await recipientAddressesOf(tx, actor);
    if (addresses.length === 0) return [];
    const candidates = await tx
      .select({ link: shareLinks, facilityName: sql<string>`coalesce(${facilities.displayName}, ${facilities.name})` })
      .from(shareLinks)
      .innerJoin(facilities, eq(facilities.id, shareLinks.facilityId))
      .where(activeFor(addresses))
      .orderBy(desc(shareLinks.createdAt))
      .limit(200);
    // A link whose consent was withdrawn (or no longer covers it) is gone from the inbox too.
    const links = [];
    for (const { link, facilityName } of candidates) {
      if (!openingRejection(link) && !(await linkConditionsRejection(tx, link))) links.push({ ...link, facilityName });
    }
    if (links.length === 0) return [];
    const rows = await tx
      .select({
        shareLinkId: shareLinkStudies.shareLinkId,
        id: studies.id,
        patientName: patients.name,
        patientBirthDate: patients.birthDate,
        patientSex: patients.sex,
        studyDate: studies.studyDate,
        description: studies.description,
        modalities: studyModalities,
        imageCount: studyImageCount,
      })
      .from(shareLinkStudies)
      .innerJoin(studies, eq(studies.id, shareLinkStudies.studyId))
      .innerJoin(patients, eq(patients.id, studies.patientRef))
      .where(inArray(shareLinkStudies.shareLinkId, links.map((l) => l.id)));
    const reviews = await tx
      .select()
      .from(inboxReviews)
      .where(and(eq(inboxReviews.userId, actor.userId), inArray(inboxReviews.shareLinkId, links.map((l) => l.id))));
    const reviewedAt = (shareLinkId: string, studyId: string) =>
      reviews.find((r) => r.shareLinkId === shareLinkId && r.studyId === studyId)?.reviewedAt ?? null;
    await recordAudit(tx, {
      type: 'INBOX_LISTED',
      actor: staffAuditActor(actor),
      context,
      studyIds: [...new Set(rows.map((r) => r.id))],
      details: { shareLinkIds: links.map((l) => l.id) },
    });
    return links.map((l) => ({
      shareLinkId: l.id,
      facilityName: l.facilityName,
      sharedAt: l.createdAt,
      expiresAt: l.expiresAt,
      noteToRecipient: l.noteToRecipient,
      studies: rows
        .filter((r) => r.shareLinkId === l.id)
        .map((r) => ({
          id: r.id,
          patientName: r.patientName,
          patientBirthDate: r.patientBirthDate,
          patientSex: r.patientSex,
          studyDate: r.studyDate,
          description: r.description,
          modalities: r.modalities,
          imageCount: r.imageCount,
          reviewedAt: reviewedAt(l.id, r.id),
        })),
    }));
  });
}

/**
 * A named link addressed to the account's own e-mail, which is not verified for it:
 * refused like any other (404), but the attempt is recorded with its reason.
 */
async function linkAddressedToUnverifiedAccount(tx: Tx, actor: StaffActor, shareLinkId: string): Promise<ShareLink | null> {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!user) return null;
  const [link] = await tx
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinks.recipientKind, 'named'), eq(shareLinks.recipientEmail, user.email.toLowerCase())));
  return link ?? null;
}

/** Opens an inbox link: a link session for this browser, as after a passed access check. */
export async function openInboxLink(
  actor: StaffActor,
  shareLinkId: string,
  context: RequestContext,
): Promise<StartedLinkSession> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => openInboxLinkUnaudited(actor, shareLinkId, context));
}

async function openInboxLinkUnaudited(
  actor: StaffActor,
  shareLinkId: string,
  context: RequestContext,
): Promise<StartedLinkSession> {
  if (!can(actor, 'inbox:use')) throw new AppError('forbidden:inbox', 'The inbox is for clinicians receiving referrals.');
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  type Outcome = { session: StartedLinkSession } | { rejection: ShareLinkRejection; link: ShareLink };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    const addresses = await recipientAddressesOf(tx, actor);
    const [link] =
      addresses.length === 0
        ? []
        : await tx
            .select()
            .from(shareLinks)
            .where(and(eq(shareLinks.id, shareLinkId), activeFor(addresses)))
            .for('update');
    if (!link) {
      const unverified = await linkAddressedToUnverifiedAccount(tx, actor, shareLinkId);
      if (unverified) return { rejection: 'recipient_not_verified', link: unverified };
      throw new AppError('not_found:share_link');
    }
    const rejection = openingRejection(link) ?? (await linkConditionsRejection(tx, link));
    if (rejection) return { rejection, link };
    const session = await startLinkSession(tx, link, { clearFailedChecks: false });
    await recordAudit(tx, {
      type: 'SHARE_LINK_OPENED',
      actor: staffAuditActor(actor),
      facilityId: link.facilityId,
      context,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      purposeOfUse: linkPurposeOfUse(link.recipientKind, link.purpose),
      details: { via: 'inbox' },
    });
    if (!link.firstOpenedAt) await queueLinkAlerts(tx, link, 'first_open', context);
    return { session };
  });
  if ('session' in outcome) return outcome.session;
  const { rejection, link } = outcome;
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'SHARE_LINK_REJECTED',
      actor: staffAuditActor(actor),
      facilityId: link.facilityId,
      context,
      outcome: 'failure',
      reason: rejection,
      subject: { type: 'share_link', id: link.id },
      patientRef: link.patientRef,
      details: { via: 'inbox' },
    }),
  );
  throw refusalAlreadyRecorded(new AppError('not_found:share_link'));
}

/** The clinician marks a study shared with them as reviewed (kept per clinician, link and study). */
export async function markInboxStudyReviewed(actor: StaffActor, shareLinkId: string, studyId: string, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'share_link', id: shareLinkId }, context, () => markInboxStudyReviewedUnaudited(actor, shareLinkId, studyId, context));
}

async function markInboxStudyReviewedUnaudited(actor: StaffActor, shareLinkId: string, studyId: string, context: RequestContext): Promise<void> {
  if (!uuid.safeParse(shareLinkId).success || !uuid.safeParse(studyId).success) throw new AppError('not_found:share_link');
  await db().transaction(async (tx) => {
    const addresses = await recipientAddressesOf(tx, actor);
    if (addresses.length === 0) throw new AppError('not_found:share_link');
    const [found] = await tx
      .select({ link: shareLinks })
      .from(shareLinks)
      .innerJoin(shareLinkStudies, eq(shareLinkStudies.shareLinkId, shareLinks.id))
      .where(and(eq(shareLinks.id, shareLinkId), eq(shareLinkStudies.studyId, studyId), activeFor(addresses)));
    if (!found || (await linkConditionsRejection(tx, found.link))) throw new AppError('not_found:share_link');
    const inserted = await tx.insert(inboxReviews).values({ userId: actor.userId, shareLinkId, studyId }).onConflictDoNothing().returning();
    if (inserted.length === 0) return;
    await recordAudit(tx, {
      type: 'INBOX_STUDY_REVIEWED',
      actor: staffAuditActor(actor),
      facilityId: found.link.facilityId,
      context,
      subject: { type: 'study', id: studyId },
      patientRef: found.link.patientRef,
      studyIds: [studyId],
      purposeOfUse: linkPurposeOfUse(found.link.recipientKind, found.link.purpose),
      details: { shareLinkId },
    });
  });
}
