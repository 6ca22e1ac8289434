'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';
import { createUploadLink, createUploadLinkInput, type CreatedUploadLink } from '@/lib/upload-links/create-upload-link';
import { revokeUploadLink } from '@/lib/upload-links/revoke-upload-link';

export async function createUploadLinkAction(patientRef: string, _prev: unknown, form: FormData): Promise<ActionResult<CreatedUploadLink>> {
  const parsed = createUploadLinkInput.safeParse({
    patientRef,
    expiresInDays: form.get('expiresInDays'),
    accessCheck: form.get('accessCheck'),
    note: (form.get('note') as string | null) ?? undefined,
  });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => createUploadLink(await requireStaffActor(), parsed.data, context));
  if (result.ok) revalidatePath(`/patients/${patientRef}/upload-links`);
  return result;
}

export async function revokeUploadLinkAction(patientRef: string, uploadLinkId: string): Promise<ActionResult<null>> {
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => {
    await revokeUploadLink(await requireStaffActor(), uploadLinkId, context);
    return null;
  });
  revalidatePath(`/patients/${patientRef}/upload-links`);
  return result;
}
