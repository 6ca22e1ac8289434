// Issue a share link: staff of the study's facility, a capped expiry, an access
// check; a random token of which only the hash is kept. The token (and a
// generated code) are returned once, to be shown once. A share with anyone but the
// patient needs a consent that covers it, checked in the same transaction (under
// the consent's lock, so a withdrawal cannot slip in between); when none does, the
// refusal is audited and nothing is created. Given the key of the form that asked
// (lib/shares/create-share-link-once.ts), the link keeps it, and a second link
// with the same issuer and key is refused (409) in the same insert.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { facilities, patients, shareLinks, shareLinkStudies, studies } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { linkPurposeOfUse } from '@/lib/audit/purpose-of-use';
import { withoutEmailAddresses } from '@/lib/audit/without-email-addresses';
import type { ConsentGap } from '@/lib/consents/consent-coverage';
import { consentRefusal, findCoveringConsent } from '@/lib/consents/find-covering-consent';
import { AppError } from '@/lib/errors';
import { mailConfigured, sendMail } from '@/lib/mail/mailer';
import { linkMessage } from '@/lib/mail/messages';
import { facilityContactOf } from '@/lib/facilities/facility-contact';
import { patientInitials } from '@/lib/studies/patient-initials';
import { env } from '@/lib/env';
import { generateAccessCode, hashAccessAnswer } from './access-check';
import { generateShareToken, sha256Hex } from './share-token';

/** Staff who issue share links. */

export const createShareLinkInput = z.object({
  studyIds: z.array(z.string().uuid()).min(1).max(50),
  expiresInDays: z.coerce.number().int().min(1, 'Choose an expiry of at least one day'),
  accessCheck: z.enum(['birth_date', 'code', 'email_otp']),
  recipientKind: z.enum(['patient', 'named', 'any_holder']).default('patient'),
  /** A named clinician: they also find the link in their inbox after signing in with this e-mail. */
  recipientEmail: z.string().trim().toLowerCase().email('Enter the specialist’s e-mail address').max(254).optional(),
  /** Why it is shared; required for anyone but the patient. */
  purpose: z.enum(['treatment', 'second_opinion', 'research']).optional(),
  /** At most this many opens; none = no limit. */
  maxOpens: z.coerce.number().int().min(1, 'Allow at least one open').max(1000).optional(),
  /** View only, or view and download the CD-style copy. */
  allowDownload: z.boolean().default(true),
  /** The patient may forward the studies to a specialist (under a covering consent). */
  allowForward: z.boolean().default(false),
  noteToRecipient: z.string().trim().max(500, 'Keep the note under 500 characters').optional(),
  /** E-mail the link there (a named recipient's own address by default); one-time codes go there too. */
  deliveryEmail: z.string().trim().toLowerCase().email('Enter a valid e-mail address to send the link to').max(254).optional(),
  /** The patient asked for an e-mail at first open and at download. */
  alertEmail: z.string().trim().toLowerCase().email('Enter a valid e-mail address for alerts').max(254).optional(),
  /** Whom staff handed it to ("patient at desk 2"), shown on the patient's links list only. */
  handedTo: z.string().trim().max(120, 'Keep “handed to” under 120 characters').optional(),
}).superRefine((v, ctx) => {
  if (v.recipientKind === 'named' && !v.recipientEmail) {
    ctx.addIssue({ code: 'custom', path: ['recipientEmail'], message: 'Enter the specialist’s e-mail address' });
  }
  if (v.recipientKind !== 'patient' && !v.purpose) {
    ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'Choose why the studies are shared' });
  }
  if (v.accessCheck === 'email_otp' && !v.deliveryEmail && !(v.recipientKind === 'named' && v.recipientEmail)) {
    ctx.addIssue({ code: 'custom', path: ['deliveryEmail'], message: 'A one-time code needs an e-mail address to send it to' });
  }
});
/** What callers pass; `recipientKind` defaults to the patient. */
export type CreateShareLinkInput = z.input<typeof createShareLinkInput>;

export type CreatedShareLink = {
  shareLinkId: string;
  /** Shown once; never stored. */
  url: string;
  /** The generated access code, when that check was chosen. Shown once; never stored. */
  accessCode: string | null;
  expiresAt: Date;
  /** The consent that covers the share (null for the patient's own access). */
  consentId: string | null;
  accessCheckKind: 'birth_date' | 'code' | 'email_otp';
  /** Where the link was e-mailed, and whether that worked (the link exists either way). */
  emailedTo: string | null;
  emailError: string | null;
};

export async function createShareLink(
  actor: StaffActor,
  raw: CreateShareLinkInput,
  context: RequestContext,
  options: { formKey?: string } = {},
): Promise<CreatedShareLink> {
  const input = createShareLinkInput.parse(raw);
  if (!can(actor, 'share_link:create')) throw new AppError('forbidden:share_link_create');
  const studyIds = [...new Set(input.studyIds)];
  const token = generateShareToken();
  const accessCode = input.accessCheck === 'code' ? generateAccessCode() : null;
  const recipientEmail = input.recipientKind === 'named' ? (input.recipientEmail ?? null) : null;
  const deliveryEmail = input.deliveryEmail ?? (input.accessCheck === 'email_otp' ? recipientEmail : null);
  if (deliveryEmail && !mailConfigured()) throw new AppError('unavailable:mail', 'E-mail is not set up on this ScanShare server; print or copy the link instead.');
  const purpose = input.recipientKind === 'patient' ? null : (input.purpose ?? null);
  // Only the patient forwards their own studies.
  const allowForward = input.recipientKind === 'patient' && input.allowForward;
  /** Set when no consent covers the share; the transaction then rolls back and the refusal is audited on its own. */
  let refused: { patientRef: string; gaps: ConsentGap[] } | null = null;

  let created: Omit<CreatedShareLink, 'emailedTo' | 'emailError'> & { mail: { subject: string; text: string } | null };
  try {
    created = await db().transaction(async (tx) => {
      const [facility] = await tx.select().from(facilities).where(eq(facilities.id, actor.facilityId));
      if (!facility) throw new AppError('not_found:facility');
      if (input.expiresInDays > facility.maxLinkLifetimeDays) {
        throw new AppError('unprocessable:expiry_too_long', `Links at ${facility.name} may last at most ${facility.maxLinkLifetimeDays} days.`);
      }

      // Scoped to the actor's facility: a foreign study id is simply not found.
      const found = await tx
        .select({ id: studies.id, patientRef: studies.patientRef, birthDate: patients.birthDate, patientName: patients.name })
        .from(studies)
        .innerJoin(patients, eq(patients.id, studies.patientRef))
        .where(and(eq(studies.facilityId, actor.facilityId), inArray(studies.id, studyIds)));
      if (found.length !== studyIds.length) throw new AppError('not_found:study');
      const patientRefs = new Set(found.map((s) => s.patientRef));
      const patientRef = found[0]?.patientRef;
      if (patientRefs.size !== 1 || !patientRef) {
        throw new AppError('unprocessable:mixed_patients', 'A link can only share studies of one patient.');
      }

      let answer: string;
      if (accessCode) {
        answer = accessCode;
      } else if (input.accessCheck === 'email_otp') {
        // Nothing to answer until a one-time code is sent (lib/shares/one-time-code.ts); this hash never matches.
        answer = generateShareToken();
      } else {
        const birthDate = found[0]?.birthDate;
        if (!birthDate) {
          throw new AppError('unprocessable:no_birth_date', 'This patient has no date of birth on file; choose a generated access code instead.');
        }
        answer = birthDate;
      }

      const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
      let consentId: string | null = null;
      if (input.recipientKind !== 'patient' && purpose) {
        const covering = await findCoveringConsent(tx, actor.facilityId, patientRef, studyIds, {
          recipientKind: input.recipientKind,
          recipientEmail,
          purpose,
          expiresAt,
        });
        if ('gaps' in covering) {
          refused = { patientRef, gaps: covering.gaps };
          throw consentRefusal(covering.gaps);
        }
        consentId = covering.consentId;
      }

      const [link] = await tx
        .insert(shareLinks)
        .values({
          facilityId: actor.facilityId,
          patientRef,
          tokenSha256: sha256Hex(token),
          createdBy: actor.userId,
          expiresAt,
          recipientKind: input.recipientKind,
          recipientEmail,
          purpose,
          consentId,
          maxOpens: input.maxOpens ?? null,
          allowDownload: input.allowDownload,
          allowForward,
          noteToRecipient: input.noteToRecipient || null,
          deliveryEmail,
          alertEmail: input.alertEmail ?? null,
          accessCheckKind: input.accessCheck,
          accessCheckHash: await hashAccessAnswer(answer),
          formKey: options.formKey ?? null,
          handedTo: input.handedTo || null,
        })
        // A concurrent send of the same form waits here for the first to commit, then finds its row.
        .onConflictDoNothing({ target: [shareLinks.createdBy, shareLinks.formKey], where: sql`${shareLinks.formKey} is not null` })
        .returning({ id: shareLinks.id });
      if (!link && options.formKey) throw new AppError('conflict:share_link_form_used', 'This form has already created a link.');
      if (!link) throw new Error('insert into share_links returned no row');
      await tx.insert(shareLinkStudies).values(studyIds.map((studyId) => ({ shareLinkId: link.id, studyId })));

      await recordAudit(tx, {
        type: 'SHARE_LINK_CREATED',
        actor: staffAuditActor(actor),
        context,
        subject: { type: 'share_link', id: link.id },
        patientRef,
        studyIds,
        // The patient's own access is their right; it is recorded as a patient request.
        purposeOfUse: linkPurposeOfUse(input.recipientKind, purpose),
        details: {
          expiresAt: expiresAt.toISOString(),
          accessCheck: input.accessCheck,
          recipientKind: input.recipientKind,
          // The recipient's and delivery addresses stay in the link's own row (subject), never here:
          // audit rows cannot be erased. Only whether there is one.
          emailDelivery: deliveryEmail ? 'yes' : 'no',
          purpose,
          consentId,
          maxOpens: input.maxOpens ?? null,
          allowDownload: input.allowDownload,
          allowForward,
        },
      });

      const url = `${env().PUBLIC_ORIGIN}/s/${token}`;
      const mail = deliveryEmail
        ? linkMessage({
            facility: facilityContactOf(facility),
            patientInitials: patientInitials(found[0]?.patientName) || 'unknown',
            url,
            accessCheckKind: input.accessCheck,
            expiresAt,
            note: input.noteToRecipient || null,
          })
        : null;
      return { shareLinkId: link.id, url, accessCode, accessCheckKind: input.accessCheck, expiresAt, consentId, mail };
    });
  } catch (err) {
    if (refused) {
      const { patientRef, gaps } = refused;
      await db().transaction((tx) =>
        recordAudit(tx, {
          type: 'SHARE_LINK_CREATE_REFUSED',
          actor: staffAuditActor(actor),
          context,
          outcome: 'failure',
          reason: 'no_covering_consent',
          patientRef,
          studyIds,
          purposeOfUse: linkPurposeOfUse(input.recipientKind, purpose),
          // No link row exists to hold the address: the refusal records the kind of recipient only.
          details: { recipientKind: input.recipientKind, purpose, gaps: [...new Set(gaps)] },
        }),
      );
    }
    throw err;
  }
  // After the commit: the link exists whether or not the e-mail goes out; staff are told which.
  const { mail, ...link } = created;
  if (!mail || !deliveryEmail) return { ...link, emailedTo: null, emailError: null };
  const emailError = await sendMail({ to: deliveryEmail, ...mail }).then(
    () => null,
    (err: Error) => err.message.slice(0, 300),
  );
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'SHARE_LINK_EMAILED',
      actor: staffAuditActor(actor),
      context,
      outcome: emailError ? 'failure' : 'success',
      reason: emailError ? 'smtp_error' : undefined,
      subject: { type: 'share_link', id: link.shareLinkId },
      // Sent to the link's delivery address (share_links.delivery_email); an SMTP answer may quote it.
      ...(emailError ? { details: { error: withoutEmailAddresses(emailError) } } : {}),
    }),
  );
  return { ...link, emailedTo: deliveryEmail, emailError: emailError && `The link was created, but the e-mail could not be sent (${emailError}). Copy or print it instead.` };
}
