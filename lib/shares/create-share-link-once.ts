// One link per staff form, however often it is sent. The share form carries a
// random key per render; the first send that creates a link keeps that key with
// it (unique per issuer, lib/shares/create-share-link.ts), and every later send of
// the same form, sequential or concurrent, gets that link's outcome instead of a
// second link. A refused send creates nothing and keeps nothing, so the same form
// can be sent again once, say, the consent is on file.
//
// The first response is the only one that can show the link and its code: only
// the token's hash is kept, so a repeat says which link the form created, when,
// for whom and until when, and that its address and code cannot be shown again.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { shareLinks, type LinkRecipientKind } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import type { RequestContext } from '@/lib/audit/record-audit';
import { AppError, isAppError } from '@/lib/errors';
import { createShareLink, type CreatedShareLink, type CreateShareLinkInput } from './create-share-link';

/** The link an earlier send of the same form created; its token and code are gone for good. */
export type RepeatedShareLink = {
  shareLinkId: string;
  createdAt: Date;
  expiresAt: Date;
  recipientKind: LinkRecipientKind;
  recipientEmail: string | null;
};

export type ShareLinkOutcome = { kind: 'created'; link: CreatedShareLink } | { kind: 'repeated'; link: RepeatedShareLink };

export async function createShareLinkOnce(
  actor: StaffActor,
  formKey: string,
  raw: CreateShareLinkInput,
  context: RequestContext,
): Promise<ShareLinkOutcome> {
  // createShareLink's own checks, before anything is looked up.
  if (!can(actor, 'share_link:create')) throw new AppError('forbidden:share_link_create');
  if (!z.string().uuid().safeParse(formKey).success) throw new AppError('bad_request:form_key', 'This form is out of date. Reload the page and try again.');
  const earlier = await linkCreatedByForm(actor, formKey);
  if (earlier) return { kind: 'repeated', link: earlier };
  try {
    return { kind: 'created', link: await createShareLink(actor, raw, context, { formKey }) };
  } catch (err) {
    // A concurrent send of this form committed its link first.
    if (!(isAppError(err) && err.code === 'conflict:share_link_form_used')) throw err;
    const winner = await linkCreatedByForm(actor, formKey);
    if (!winner) throw err;
    return { kind: 'repeated', link: winner };
  }
}

/** Scoped to the issuer (and their facility): another user's form key finds nothing. */
async function linkCreatedByForm(actor: StaffActor, formKey: string): Promise<RepeatedShareLink | null> {
  const [row] = await db()
    .select({
      shareLinkId: shareLinks.id,
      createdAt: shareLinks.createdAt,
      expiresAt: shareLinks.expiresAt,
      recipientKind: shareLinks.recipientKind,
      recipientEmail: shareLinks.recipientEmail,
    })
    .from(shareLinks)
    .where(and(eq(shareLinks.createdBy, actor.userId), eq(shareLinks.facilityId, actor.facilityId), eq(shareLinks.formKey, formKey)));
  return row ?? null;
}
