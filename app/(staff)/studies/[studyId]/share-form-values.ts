// The share form as the clerk filled it in. Read from the posted form and sent back
// with every answer, so after a refusal the form is drawn again from exactly what
// was sent (with or without the page's script: the fields are uncontrolled and
// their defaults are these values). Turned into the domain's input with only the
// fields that apply to the chosen recipient: the form shows those fields only, and
// a hidden field's leftover value must not change what is created.
import type { CreateShareLinkInput } from '@/lib/shares/create-share-link';

export type ShareFormValues = {
  recipientKind: string;
  recipientEmail: string;
  purpose: string;
  expiresInDays: string;
  accessCheck: string;
  deliveryEmail: string;
  maxOpens: string;
  viewOnly: boolean;
  allowForward: boolean;
  alertEmail: string;
  noteToRecipient: string;
  handedTo: string;
};

/** Expiry choices offered, within the facility's maximum. */
export function expiryPresets(maxDays: number): number[] {
  return [1, 7, 14, 30, 90].filter((d) => d <= maxDays);
}

/** A fresh form: the patient, 7 days (or the longest allowed), their date of birth when on file. */
export function shareFormDefaults(options: { maxDays: number; hasBirthDate: boolean }): ShareFormValues {
  const presets = expiryPresets(options.maxDays);
  return {
    recipientKind: 'patient',
    recipientEmail: '',
    purpose: 'treatment',
    expiresInDays: String(presets.includes(7) ? 7 : (presets[0] ?? 1)),
    accessCheck: options.hasBirthDate ? 'birth_date' : 'code',
    deliveryEmail: '',
    maxOpens: '',
    viewOnly: false,
    allowForward: false,
    alertEmail: '',
    noteToRecipient: '',
    handedTo: '',
  };
}

// Long enough for any valid answer (the domain's limits are lower), short enough to send back.
const text = (form: FormData, name: string, max = 600) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
};

export function shareFormValuesFrom(form: FormData): ShareFormValues {
  return {
    recipientKind: text(form, 'recipientKind', 20) || 'patient',
    recipientEmail: text(form, 'recipientEmail'),
    purpose: text(form, 'purpose', 40),
    expiresInDays: text(form, 'expiresInDays', 10),
    accessCheck: text(form, 'accessCheck', 20),
    deliveryEmail: text(form, 'deliveryEmail'),
    maxOpens: text(form, 'maxOpens', 10),
    viewOnly: form.get('viewOnly') === 'on',
    allowForward: form.get('allowForward') === 'on',
    alertEmail: text(form, 'alertEmail'),
    noteToRecipient: text(form, 'noteToRecipient', 1000),
    handedTo: text(form, 'handedTo', 200),
  };
}

/** What the domain validates (zod) and acts on: only the fields shown for this recipient. */
export function shareLinkInputFrom(studyId: string, v: ShareFormValues): Record<keyof CreateShareLinkInput, unknown> {
  const optional = (value: string) => value.trim() || undefined;
  return {
    studyIds: [studyId],
    expiresInDays: v.expiresInDays,
    accessCheck: v.accessCheck,
    recipientKind: v.recipientKind,
    recipientEmail: v.recipientKind === 'named' ? optional(v.recipientEmail) : undefined,
    purpose: v.recipientKind === 'patient' ? undefined : optional(v.purpose),
    maxOpens: optional(v.maxOpens),
    allowDownload: !v.viewOnly,
    allowForward: v.recipientKind === 'patient' && v.allowForward,
    noteToRecipient: optional(v.noteToRecipient),
    deliveryEmail: optional(v.deliveryEmail),
    alertEmail: optional(v.alertEmail),
    handedTo: optional(v.handedTo),
  };
}

/** Whether any of the "more options" differ from a fresh form (then they are shown open). */
export function hasMoreOptions(v: ShareFormValues): boolean {
  return Boolean(v.maxOpens || v.viewOnly || v.allowForward || v.alertEmail || v.noteToRecipient);
}
