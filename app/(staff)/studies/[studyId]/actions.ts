'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { createShareLinkInput } from '@/lib/shares/create-share-link';
import { createShareLinkOnce, type ShareLinkOutcome } from '@/lib/shares/create-share-link-once';
import { revokeShareLink } from '@/lib/shares/revoke-share-link';
import { requestContextFrom } from '@/lib/http/request-context';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { shareFormValuesFrom, shareLinkInputFrom, type ShareFormValues } from './share-form-values';

/** The outcome, and the form as it was sent, so a refused form is drawn again unchanged. */
export type IssueLinkState = (ActionResult<ShareLinkOutcome> & { values: ShareFormValues }) | null;

export async function createShareLinkAction(studyId: string, _prev: IssueLinkState, form: FormData): Promise<IssueLinkState> {
  const values = shareFormValuesFrom(form);
  const parsed = createShareLinkInput.safeParse(shareLinkInputFrom(studyId, values));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  // One key per render of the form (a hidden field): sending it again gives the first link's outcome.
  const formKey = form.get('formKey');
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => createShareLinkOnce(await requireStaffActor(), typeof formKey === 'string' ? formKey : '', parsed.data, context));
  if (result.ok) revalidatePath(`/studies/${studyId}`);
  return { ...result, values };
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
