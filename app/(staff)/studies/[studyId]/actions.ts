'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { createShareLink, createShareLinkInput, type CreatedShareLink } from '@/lib/shares/create-share-link';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { requestContextFrom } from '@/lib/http/request-context';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';

export async function createShareLinkAction(studyId: string, _prev: unknown, form: FormData): Promise<ActionResult<CreatedShareLink>> {
  const parsed = createShareLinkInput.safeParse({
    studyIds: [studyId],
    expiresInDays: form.get('expiresInDays'),
    accessCheck: form.get('accessCheck'),
    recipientKind: form.get('recipientKind') ?? 'patient',
    recipientEmail: (form.get('recipientEmail') as string | null)?.trim() || undefined,
    purpose: (form.get('purpose') as string | null) || undefined,
    maxOpens: (form.get('maxOpens') as string | null) || undefined,
    allowDownload: form.get('viewOnly') !== 'on',
    allowForward: form.get('allowForward') === 'on',
    noteToRecipient: (form.get('noteToRecipient') as string | null)?.trim() || undefined,
    deliveryEmail: (form.get('deliveryEmail') as string | null)?.trim() || undefined,
    alertEmail: (form.get('alertEmail') as string | null)?.trim() || undefined,
  });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => createShareLink(await requireStaffActor(), parsed.data, context));
  if (result.ok) revalidatePath(`/studies/${studyId}`);
  return result;
}

export async function revokeShareLinkAction(studyId: string, shareLinkId: string): Promise<ActionResult<null>> {
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => {
    await revokeShareLink(await requireStaffActor(), shareLinkId, context);
    return null;
  });
  revalidatePath(`/studies/${studyId}`);
  return result;
}
