// Issue a share link: staff of the study's facility, a capped expiry, an access
// check; a random token of which only the hash is kept. The token (and a
// generated code) are returned once, to be shown once.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { facilities, patients, shareLinks, shareLinkStudies, studies } from '@/db/schema';
import { type StaffActor, hasAnyRole } from '@/lib/auth/actors';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { generateAccessCode, hashAccessAnswer } from './access-check';
import { generateShareToken, sha256Hex } from './share-token';

export const createShareLinkInput = z.object({
  studyIds: z.array(z.string().uuid()).min(1).max(50),
  expiresInDays: z.coerce.number().int().min(1, 'Choose an expiry of at least one day'),
  accessCheck: z.enum(['birth_date', 'code']),
  /** A named clinician: they also find the link in their inbox after signing in with this e-mail. */
  recipientEmail: z
    .string()
    .trim()
    .toLowerCase()
    .email('Enter the recipient’s e-mail address, or leave it empty')
    .max(254)
    .optional(),
});
export type CreateShareLinkInput = z.infer<typeof createShareLinkInput>;

export type CreatedShareLink = {
  shareLinkId: string;
  /** Shown once; never stored. */
  url: string;
  /** The generated access code, when that check was chosen. Shown once; never stored. */
  accessCode: string | null;
  expiresAt: Date;
};

export async function createShareLink(
  actor: StaffActor,
  input: CreateShareLinkInput,
  context: RequestContext,
): Promise<CreatedShareLink> {
  if (!hasAnyRole(actor, ['front_desk', 'facility_admin'])) throw new AppError('forbidden:share_link_create');
  const studyIds = [...new Set(input.studyIds)];
  const token = generateShareToken();
  const accessCode = input.accessCheck === 'code' ? generateAccessCode() : null;

  return db().transaction(async (tx) => {
    const [facility] = await tx.select().from(facilities).where(eq(facilities.id, actor.facilityId));
    if (!facility) throw new AppError('not_found:facility');
    if (input.expiresInDays > facility.maxLinkLifetimeDays) {
      throw new AppError(
        'unprocessable:expiry_too_long',
        `Links at ${facility.name} may last at most ${facility.maxLinkLifetimeDays} days.`,
      );
    }

    // Scoped to the actor's facility: a foreign study id is simply not found.
    const found = await tx
      .select({ id: studies.id, patientRef: studies.patientRef, birthDate: patients.birthDate })
      .from(studies)
      .innerJoin(patients, eq(patients.id, studies.patientRef))
      .where(and(eq(studies.facilityId, actor.facilityId), inArray(studies.id, studyIds)));
    if (found.length !== studyIds.length) throw new AppError('not_found:study');
    const patientRefs = new Set(found.map((s) => s.patientRef));
    if (patientRefs.size !== 1) {
      throw new AppError('unprocessable:mixed_patients', 'A link can only share studies of one patient.');
    }

    let answer: string;
    if (accessCode) {
      answer = accessCode;
    } else {
      const birthDate = found[0]?.birthDate;
      if (!birthDate) {
        throw new AppError(
          'unprocessable:no_birth_date',
          'This patient has no date of birth on file; choose a generated access code instead.',
        );
      }
      answer = birthDate;
    }

    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const [link] = await tx
      .insert(shareLinks)
      .values({
        facilityId: actor.facilityId,
        tokenSha256: sha256Hex(token),
        createdBy: actor.userId,
        expiresAt,
        recipientEmail: input.recipientEmail?.trim().toLowerCase() || null,
        accessCheckKind: input.accessCheck,
        accessCheckHash: await hashAccessAnswer(answer),
      })
      .returning({ id: shareLinks.id });
    if (!link) throw new Error('insert into share_links returned no row');
    await tx.insert(shareLinkStudies).values(studyIds.map((studyId) => ({ shareLinkId: link.id, studyId })));
    await recordAudit(tx, {
      type: 'SHARE_LINK_CREATED',
      actor: { type: 'user', userId: actor.userId, facilityId: actor.facilityId },
      context,
      subject: { type: 'share_link', id: link.id },
      details: { studyIds, expiresAt: expiresAt.toISOString(), accessCheck: input.accessCheck, recipientEmail: input.recipientEmail ?? null },
    });

    return { shareLinkId: link.id, url: `${env().PUBLIC_ORIGIN}/s/${token}`, accessCode, expiresAt };
  });
}
