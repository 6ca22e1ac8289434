// What staff enter to record a consent (a first version or a change).
import { z } from 'zod';

const emailOrDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((v) => /^@[a-z0-9.-]+\.[a-z]{2,}$/.test(v) || z.string().email().safeParse(v).success, {
    message: 'Enter the recipient’s e-mail address, or @domain for everyone at an organisation',
  });

export const consentTermsInput = z
  .object({
    scope: z.enum(['all_studies', 'selected_studies']),
    studyIds: z.array(z.string().uuid()).max(200).default([]),
    recipientKind: z.enum(['named', 'any_holder']),
    recipientName: z.string().trim().max(200).optional(),
    recipientEmail: emailOrDomain.optional(),
    purpose: z.enum(['treatment', 'second_opinion', 'research']),
    validFrom: z.coerce.date().optional(),
    validUntil: z.coerce.date({ message: 'Enter the date the consent ends' }),
    method: z.enum(['signed_form', 'on_screen_signature', 'verbal_witnessed']),
    witnessName: z.string().trim().max(200).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.scope === 'selected_studies' && v.studyIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['studyIds'], message: 'Choose the studies the consent covers' });
    }
    if (v.recipientKind === 'named') {
      if (!v.recipientName) ctx.addIssue({ code: 'custom', path: ['recipientName'], message: 'Name the clinician or organisation' });
      if (!v.recipientEmail) ctx.addIssue({ code: 'custom', path: ['recipientEmail'], message: 'Enter their e-mail address or @domain' });
    }
    if (v.method === 'verbal_witnessed' && !v.witnessName) {
      ctx.addIssue({ code: 'custom', path: ['witnessName'], message: 'Name the witness of a verbal consent' });
    }
    const from = v.validFrom ?? new Date();
    if (v.validUntil.getTime() <= from.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'The consent must end after it starts' });
    }
  });
export type ConsentTermsInput = z.infer<typeof consentTermsInput>;

export const consentWithdrawalInput = z.object({
  note: z.string().trim().min(1, 'Say how the patient withdrew (e.g. “phoned the front desk”)').max(1000),
});
