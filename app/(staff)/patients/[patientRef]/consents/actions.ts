'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { consentTermsInput, consentWithdrawalInput } from '@/lib/consents/consent-input';
import type { EvidenceUpload } from '@/lib/consents/consent-evidence';
import { changeConsent, grantConsent, withdrawConsent, type RecordedConsent } from '@/lib/consents/record-consent';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';

const text = (form: FormData, name: string) => ((form.get(name) as string | null) ?? '').trim() || undefined;

function termsFrom(form: FormData) {
  return consentTermsInput.safeParse({
    scope: form.get('scope'),
    studyIds: form.getAll('studyIds'),
    recipientKind: form.get('recipientKind'),
    recipientName: text(form, 'recipientName'),
    recipientEmail: text(form, 'recipientEmail'),
    purpose: form.get('purpose'),
    validFrom: text(form, 'validFrom'),
    validUntil: text(form, 'validUntil'),
    method: form.get('method'),
    witnessName: text(form, 'witnessName'),
    note: text(form, 'note'),
  });
}

/** The scanned form (a file) or the on-screen signature (a PNG data URL from the signature pad). */
async function evidenceFrom(form: FormData, method: string): Promise<EvidenceUpload | null> {
  if (method === 'signed_form') {
    const file = form.get('evidence');
    return file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()) } : null;
  }
  if (method === 'on_screen_signature') {
    const dataUrl = text(form, 'signaturePng');
    const match = dataUrl && /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
    return match?.[1] ? { bytes: new Uint8Array(Buffer.from(match[1], 'base64')) } : null;
  }
  return null;
}

export async function recordConsentAction(patientRef: string, consentId: string | null, _prev: unknown, form: FormData): Promise<ActionResult<RecordedConsent>> {
  const parsed = termsFrom(form);
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => {
    const actor = await requireStaffActor();
    const evidence = await evidenceFrom(form, parsed.data.method);
    return consentId
      ? changeConsent(actor, consentId, parsed.data, evidence, context)
      : grantConsent(actor, patientRef, parsed.data, evidence, context);
  });
  if (result.ok) revalidatePath(`/patients/${patientRef}/consents`);
  return result;
}

export async function withdrawConsentAction(
  patientRef: string,
  consentId: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<RecordedConsent & { linksStopped: number }>> {
  const parsed = consentWithdrawalInput.safeParse({ note: form.get('note') });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => withdrawConsent(await requireStaffActor(), consentId, parsed.data, context));
  if (result.ok) revalidatePath(`/patients/${patientRef}/consents`);
  return result;
}
