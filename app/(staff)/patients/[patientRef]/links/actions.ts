'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { extendShareLink, extendShareLinkInput, unlockShareLink } from '@/lib/shares/manage-share-link';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';

type Done = ActionResult<{ message: string }>;

async function run(patientRef: string, work: () => Promise<string>): Promise<Done> {
  const result = await toActionResult(async () => ({ message: await work() }));
  revalidatePath(`/patients/${patientRef}/links`);
  return result;
}

/**
 * The confirmed revoke (the confirmation page's form). On success, back to the patient's
 * links with a notice naming the link; a refusal stays on the confirmation page, in words.
 */
export async function revokeLinkAction(patientRef: string, shareLinkId: string): Promise<Done> {
  const context = requestContextFrom(await headers());
  const result = await run(patientRef, async () => {
    await revokeShareLink(await requireStaffActor(), shareLinkId, context);
    return 'Revoked: the link stops working on its next request.';
  });
  if (result.ok) redirect(`/patients/${patientRef}/links?revoked=${shareLinkId}`);
  return result;
}

export async function unlockLinkAction(patientRef: string, shareLinkId: string): Promise<Done> {
  const context = requestContextFrom(await headers());
  return run(patientRef, async () => {
    await unlockShareLink(await requireStaffActor(), shareLinkId, context);
    return 'Unlocked: the recipient may try the access check again.';
  });
}

export async function extendLinkAction(patientRef: string, shareLinkId: string, _prev: unknown, form: FormData): Promise<Done> {
  const parsed = extendShareLinkInput.safeParse({ expiresInDays: form.get('expiresInDays') });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  return run(patientRef, async () => {
    const { expiresAt } = await extendShareLink(await requireStaffActor(), shareLinkId, parsed.data, context);
    return `Extended until ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.`;
  });
}
