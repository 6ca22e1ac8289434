import type { RepeatedShareLink } from '@/lib/shares/create-share-link-once';

type Props = { link: RepeatedShareLink; patientLinksHref: string; studyHref: string };

/**
 * The same form sent again (a double press, a page reload that re-posts it): no
 * second link. Only the token's hash is kept, so the first link's address and code
 * cannot be shown again; say which link it was and what to do if they were lost.
 */
export function RepeatedLinkNotice({ link, patientLinksHref, studyHref }: Props) {
  const recipient = link.recipientKind === 'patient' ? 'the patient' : link.recipientKind === 'named' ? link.recipientEmail : 'anyone with the link and its code';
  return (
    <div className="card" role="status" data-testid="share-link-repeated">
      <p>
        This form already created a link, at {new Date(link.createdAt).toLocaleString()}, for {recipient}, until{' '}
        {new Date(link.expiresAt).toLocaleString()}. No second link was made.
      </p>
      <p className="muted">
        Its address and code were shown once, when it was created, and are not kept, so they cannot be shown again. If
        they were not copied or printed, revoke that link under <a href={patientLinksHref}>all links of this patient</a>{' '}
        and create a new one.
      </p>
      <p><a href={studyHref}>Share again with a new form</a></p>
    </div>
  );
}
