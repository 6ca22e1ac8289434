// Issue an upload link ("send us your images"): staff of the patient's facility, a
// capped expiry, an access check (the patient's date of birth or a generated code),
// an optional note for the uploader. A random 256-bit token of which only the
// SHA-256 is kept; the token (and a generated code) are returned once, to be shown once.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { facilities, patients, uploadLinks } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { generateAccessCode, hashAccessAnswer } from '@/lib/shares/access-check';
import { generateShareToken, sha256Hex } from '@/lib/shares/share-token';

export const createUploadLinkInput = z.object({
  patientRef: z.string().uuid(),
  expiresInDays: z.coerce.number().int().min(1, 'Choose an expiry of at least one day'),
  accessCheck: z.enum(['birth_date', 'code']),
  /** Shown to the uploader on the upload page: what to send, whom to call. */
  note: z
    .string()
    .trim()
    .max(500, 'Keep the note under 500 characters')
    .nullish()
    .transform((v) => v || null),
});
export type CreateUploadLinkInput = z.input<typeof createUploadLinkInput>;

export type CreatedUploadLink = {
  uploadLinkId: string;
  /** Shown once; never stored. */
  url: string;
  /** The generated access code, when that check was chosen. Shown once; never stored. */
  accessCode: string | null;
  expiresAt: Date;
};

export async function createUploadLink(actor: StaffActor, raw: CreateUploadLinkInput, context: RequestContext): Promise<CreatedUploadLink> {
  const input = createUploadLinkInput.parse(raw);
  if (!can(actor, 'upload_link:manage')) throw new AppError('forbidden:upload_link_create');
  const token = generateShareToken();
  const accessCode = input.accessCheck === 'code' ? generateAccessCode() : null;

  return db().transaction(async (tx) => {
    const [facility] = await tx.select().from(facilities).where(eq(facilities.id, actor.facilityId));
    if (!facility) throw new AppError('not_found:facility');
    if (input.expiresInDays > facility.maxLinkLifetimeDays) {
      throw new AppError('unprocessable:expiry_too_long', `Links at ${facility.name} may last at most ${facility.maxLinkLifetimeDays} days.`);
    }
    // Scoped to the actor's facility: another facility's patient is simply not found.
    const [patient] = await tx
      .select({ id: patients.id, birthDate: patients.birthDate })
      .from(patients)
      .where(and(eq(patients.id, input.patientRef), eq(patients.facilityId, actor.facilityId)));
    if (!patient) throw new AppError('not_found:patient');
    const answer = accessCode ?? patient.birthDate;
    if (!answer) {
      throw new AppError('unprocessable:no_birth_date', 'This patient has no date of birth on file; choose a generated access code instead.');
    }

    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const [link] = await tx
      .insert(uploadLinks)
      .values({
        facilityId: actor.facilityId,
        patientRef: patient.id,
        tokenSha256: sha256Hex(token),
        createdBy: actor.userId,
        expiresAt,
        accessCheckKind: input.accessCheck,
        accessCheckHash: await hashAccessAnswer(answer),
        noteToUploader: input.note,
      })
      .returning({ id: uploadLinks.id });
    if (!link) throw new Error('insert into upload_links returned no row');

    await recordAudit(tx, {
      type: 'UPLOAD_LINK_CREATED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'upload_link', id: link.id },
      patientRef: patient.id,
      // The note is free text and may name people: recorded as present or not, never its words.
      details: { expiresAt: expiresAt.toISOString(), accessCheck: input.accessCheck, note: input.note ? 'yes' : 'no' },
    });
    return { uploadLinkId: link.id, url: `${env().PUBLIC_ORIGIN}/u/${token}`, accessCode, expiresAt };
  });
}
