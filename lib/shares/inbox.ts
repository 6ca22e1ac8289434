// SECURITY-CRITICAL: a clinician's "Shared with me" inbox. A link addressed to
// an e-mail shows up for the signed-in clinician whose account has that e-mail,
// whatever facility shared it; opening it from here replaces the access check
// (their institution's sign-in is the proof) and starts an ordinary link session.
import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { facilities, patients, shareLinks, shareLinkStudies, studies, users } from '@/db/schema';
import { studyImageCount, studyModalities } from '@/lib/studies/study-summary-columns';
import { hasAnyRole, type StaffActor } from '@/lib/auth/actors';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { startLinkSession, type StartedLinkSession } from './start-link-session';

const uuid = z.string().uuid();

export type InboxItem = {
  shareLinkId: string;
  facilityName: string;
  sharedAt: Date;
  expiresAt: Date;
  studies: Array<{ id: string; patientName: string; studyDate: string | null; description: string; modalities: string[]; imageCount: number }>;
};

async function recipientEmailOf(actor: StaffActor): Promise<string> {
  if (!hasAnyRole(actor, ['clinician'])) throw new AppError('forbidden:inbox', 'The inbox is for clinicians receiving referrals.');
  const [user] = await db().select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('unauthorized:staff');
  return user.email.toLowerCase();
}

/** Active links (not revoked, locked or expired) addressed to this clinician, newest first. */
const activeFor = (email: string) =>
  and(eq(shareLinks.recipientEmail, email), isNull(shareLinks.revokedAt), isNull(shareLinks.lockedAt), gt(shareLinks.expiresAt, new Date()));

export async function listInbox(actor: StaffActor, context: RequestContext): Promise<InboxItem[]> {
  const email = await recipientEmailOf(actor);
  return db().transaction(async (tx) => {
    const links = await tx
      .select({ id: shareLinks.id, facilityName: facilities.name, createdAt: shareLinks.createdAt, expiresAt: shareLinks.expiresAt })
      .from(shareLinks)
      .innerJoin(facilities, eq(facilities.id, shareLinks.facilityId))
      .where(activeFor(email))
      .orderBy(desc(shareLinks.createdAt))
      .limit(200);
    if (links.length === 0) return [];
    const rows = await tx
      .select({
        shareLinkId: shareLinkStudies.shareLinkId,
        id: studies.id,
        patientName: patients.name,
        studyDate: studies.studyDate,
        description: studies.description,
        modalities: studyModalities,
        imageCount: studyImageCount,
      })
      .from(shareLinkStudies)
      .innerJoin(studies, eq(studies.id, shareLinkStudies.studyId))
      .innerJoin(patients, eq(patients.id, studies.patientRef))
      .where(inArray(shareLinkStudies.shareLinkId, links.map((l) => l.id)));
    await recordAudit(tx, {
      type: 'INBOX_LISTED',
      actor: { type: 'user', userId: actor.userId, facilityId: actor.facilityId },
      context,
      details: { shareLinkIds: links.map((l) => l.id) },
    });
    return links.map((l) => ({
      shareLinkId: l.id,
      facilityName: l.facilityName,
      sharedAt: l.createdAt,
      expiresAt: l.expiresAt,
      studies: rows.filter((r) => r.shareLinkId === l.id).map((r) => ({ id: r.id, patientName: r.patientName, studyDate: r.studyDate, description: r.description, modalities: r.modalities, imageCount: r.imageCount })),
    }));
  });
}

/** Opens an inbox link: a link session for this browser, as after a passed access check. */
export async function openInboxLink(
  actor: StaffActor,
  shareLinkId: string,
  context: RequestContext,
): Promise<StartedLinkSession> {
  const email = await recipientEmailOf(actor);
  if (!uuid.safeParse(shareLinkId).success) throw new AppError('not_found:share_link');
  return db().transaction(async (tx) => {
    const [link] = await tx
      .select({ id: shareLinks.id, facilityId: shareLinks.facilityId, expiresAt: shareLinks.expiresAt })
      .from(shareLinks)
      .where(and(eq(shareLinks.id, shareLinkId), activeFor(email)))
      .for('update');
    if (!link) throw new AppError('not_found:share_link');
    const session = await startLinkSession(tx, link, { clearFailedChecks: false });
    await recordAudit(tx, {
      type: 'SHARE_LINK_OPENED',
      actor: { type: 'user', userId: actor.userId, facilityId: actor.facilityId },
      facilityId: link.facilityId,
      context,
      subject: { type: 'share_link', id: link.id },
      details: { via: 'inbox' },
    });
    return session;
  });
}
