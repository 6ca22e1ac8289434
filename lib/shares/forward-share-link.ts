// The patient forwards studies from their own link to a specialist: a child link
// that never outlives its parent (and stops when the parent is revoked, see
// link-conditions.ts), for studies of the parent only, under a consent that covers
// that specialist and purpose. The new link and its code are shown once, to the patient.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { shareLinks, shareLinkStudies } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { linkPurposeOfUse } from '@/lib/audit/purpose-of-use';
import type { ConsentGap } from '@/lib/consents/consent-coverage';
import { consentRefusal, findCoveringConsent } from '@/lib/consents/find-covering-consent';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { generateAccessCode, hashAccessAnswer } from './access-check';
import { generateShareToken, sha256Hex } from './share-token';

export const forwardShareLinkInput = z.object({
  studyIds: z.array(z.string().uuid()).min(1, 'Choose at least one study').max(50),
  recipientEmail: z.string().trim().toLowerCase().email('Enter the specialist’s e-mail address').max(254),
  purpose: z.enum(['treatment', 'second_opinion', 'research']),
  expiresInDays: z.coerce.number().int().min(1, 'Choose at least one day').max(365),
});
export type ForwardShareLinkInput = z.input<typeof forwardShareLinkInput>;

export type ForwardedShareLink = { shareLinkId: string; url: string; accessCode: string; expiresAt: Date };

export async function forwardShareLink(actor: LinkActor, raw: ForwardShareLinkInput, context: RequestContext): Promise<ForwardedShareLink> {
  const input = forwardShareLinkInput.parse(raw);
  if (actor.recipientKind !== 'patient' || !actor.allowForward) {
    throw new AppError('forbidden:forward', 'This link cannot be forwarded. Ask the facility that shared it.');
  }
  const studyIds = [...new Set(input.studyIds)];
  const token = generateShareToken();
  const accessCode = generateAccessCode();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  let refused: ConsentGap[] | null = null;

  try {
    return await db().transaction(async (tx) => {
      const [parent] = await tx.select().from(shareLinks).where(eq(shareLinks.id, actor.shareLinkId)).for('update');
      if (!parent) throw new AppError('not_found:share_link');
      if (expiresAt.getTime() > parent.expiresAt.getTime()) {
        throw new AppError(
          'unprocessable:outlives_parent',
          `A forwarded link must end by ${parent.expiresAt.toISOString().slice(0, 10)}, when your own link ends.`,
        );
      }
      const shared = await tx
        .select({ studyId: shareLinkStudies.studyId })
        .from(shareLinkStudies)
        .where(and(eq(shareLinkStudies.shareLinkId, parent.id), inArray(shareLinkStudies.studyId, studyIds)));
      if (shared.length !== studyIds.length) throw new AppError('not_found:study');

      const share = { recipientKind: 'named' as const, recipientEmail: input.recipientEmail, purpose: input.purpose, expiresAt };
      const covering = await findCoveringConsent(tx, parent.facilityId, parent.patientRef, studyIds, share);
      if ('gaps' in covering) {
        refused = covering.gaps;
        throw consentRefusal(covering.gaps);
      }

      const [child] = await tx
        .insert(shareLinks)
        .values({
          facilityId: parent.facilityId,
          patientRef: parent.patientRef,
          tokenSha256: sha256Hex(token),
          createdBy: null,
          parentLinkId: parent.id,
          expiresAt,
          recipientKind: 'named',
          recipientEmail: input.recipientEmail,
          purpose: input.purpose,
          consentId: covering.consentId,
          allowDownload: parent.allowDownload,
          allowForward: false,
          accessCheckKind: 'code',
          accessCheckHash: await hashAccessAnswer(accessCode),
        })
        .returning({ id: shareLinks.id });
      if (!child) throw new Error('insert into share_links returned no row');
      await tx.insert(shareLinkStudies).values(studyIds.map((studyId) => ({ shareLinkId: child.id, studyId })));
      await recordAudit(tx, {
        type: 'SHARE_LINK_FORWARDED',
        actor: linkAuditActor(actor),
        context,
        subject: { type: 'share_link', id: child.id },
        patientRef: parent.patientRef,
        studyIds,
        purposeOfUse: linkPurposeOfUse('named', input.purpose),
        // The new recipient's address is in the forwarded link's own row (subject), not here.
        details: { parentLinkId: parent.id, purpose: input.purpose, expiresAt: expiresAt.toISOString(), consentId: covering.consentId },
      });
      return { shareLinkId: child.id, url: `${env().PUBLIC_ORIGIN}/s/${token}`, accessCode, expiresAt };
    });
  } catch (err) {
    if (refused) {
      const gaps: ConsentGap[] = refused;
      await db().transaction((tx) =>
        recordAudit(tx, {
          type: 'SHARE_LINK_CREATE_REFUSED',
          actor: linkAuditActor(actor),
          context,
          outcome: 'failure',
          reason: 'no_covering_consent',
          patientRef: actor.patientRef,
          studyIds,
          purposeOfUse: linkPurposeOfUse('named', input.purpose),
          details: { forwardedFrom: actor.shareLinkId, purpose: input.purpose, gaps: [...new Set(gaps)] },
        }),
      );
    }
    throw err;
  }
}
