'use server';
import { headers } from 'next/headers';
import { forwardShareLink, forwardShareLinkInput, type ForwardedShareLink } from '@/lib/shares/forward-share-link';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';

export async function forwardAction(linkId: string, _prev: unknown, form: FormData): Promise<ActionResult<ForwardedShareLink>> {
  const parsed = forwardShareLinkInput.safeParse({
    studyIds: form.getAll('studyIds'),
    recipientEmail: form.get('recipientEmail'),
    purpose: form.get('purpose'),
    expiresInDays: form.get('expiresInDays'),
  });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  return toActionResult(async () => forwardShareLink(await currentLinkActor(linkId), parsed.data, context));
}
