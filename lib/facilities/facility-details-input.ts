// What a facility admin may set as the facility's contact details. Plain text only:
// pages render it as text (never as HTML) and e-mails are plain text. The limits
// match the database's checks (db/schema/facilities.ts, migration 0015).
import { z } from 'zod';

// Control characters other than line breaks and tabs have no place in a contact detail.
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

/** A trimmed text field; empty means "not set" (stored as null). */
function optionalText(max: number, multiline: boolean) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `At most ${max} characters.`)
        .refine(noControl, 'Contains characters that cannot be shown.')
        .refine((s) => multiline || !s.includes('\n'), 'One line only.'),
    )
    .transform((s) => (s === '' ? null : s));
}

export const facilityDetailsInput = z.object({
  facilityId: z.string().uuid(),
  displayName: optionalText(120, false),
  // Digits, spaces and the usual separators: it becomes a tel: link.
  phone: optionalText(40, false).refine((s) => s === null || (/^\+?[0-9][0-9 ().\-/]{1,38}$/.test(s) && /[0-9].*[0-9]/.test(s)), 'A phone number: digits, spaces, + ( ) - . / only.'),
  address: optionalText(300, true),
  helpText: optionalText(1000, true),
});

export type FacilityDetailsInput = z.infer<typeof facilityDetailsInput>;
