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

/**
 * The outcome, and the form as it was sent, so a refused form is drawn again unchanged;
 * `answer` counts the answers this form has had, so each one draws the form afresh.
 */
export type IssueLinkState = (ActionResult<ShareLinkOutcome> & { values: ShareFormValues; answer: number }) | null;

export async function createShareLinkAction(studyId: string, prev: IssueLinkState, form: FormData): Promise<IssueLinkState> {
  const values = shareFormValuesFrom(form);
  const answer = typeof prev?.answer === 'number' && Number.isSafeInteger(prev.answer) ? prev.answer + 1 : 1;
  const parsed = createShareLinkInput.safeParse(shareLinkInputFrom(studyId, values));
  if (!parsed.success) return { ...validationFailure(parsed.error), values, answer };
  // One key per render of the form (a hidden field): sending it again gives the first link's outcome.
  const formKey = form.get('formKey');
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => createShareLinkOnce(await requireStaffActor(), typeof formKey === 'string' ? formKey : '', parsed.data, context));
  if (result.ok) revalidatePath(`/studies/${studyId}`);
  return { ...result, values, answer };
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
