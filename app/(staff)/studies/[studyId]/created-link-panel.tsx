'use client';
import { useState } from 'react';
import type { CreatedShareLink } from '@/lib/shares/create-share-link';
import { PrintHandout } from '@/app/components/handout/print-handout';

type Props = {
  link: CreatedShareLink;
  patientInitials: string;
  facilityName: string;
  facilityPhone: string | null;
  /** The study page: loading it again draws a fresh form (a new form key, so a new link). */
  studyHref: string;
};

/** The one time a new link and its code are shown: copy or print them now. */
export function CreatedLinkPanel({ link, patientInitials, facilityName, facilityPhone, studyHref }: Props) {
  const [copied, setCopied] = useState(false);
  const { url, accessCode, expiresAt } = link;
  return (
    <div className="card" aria-live="polite">
      <p className="ok">Link created. It is shown only once: copy or print it now.</p>
      <label htmlFor="share-url">Link</label>
      <div id="share-url" className="secret" data-testid="share-url">{url}</div>
      <div className="actions">
        <button type="button" onClick={() => navigator.clipboard.writeText(url).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <PrintHandout handout={{ url, accessCode, emailedCode: link.accessCheckKind === 'email_otp', expiresAt, patientInitials, facilityName, facilityPhone }} />
      </div>
      {accessCode && (
        <>
          <label>Access code</label>
          <div className="secret" data-testid="access-code">{accessCode}</div>
        </>
      )}
      <p className="muted">Expires {new Date(expiresAt).toLocaleString()}.</p>
      {link.consentId && <p className="muted">Shared under the patient&apos;s consent on file; withdrawing it stops this link at once.</p>}
      {link.emailedTo && !link.emailError && <p className="ok" data-testid="emailed-to">E-mailed to {link.emailedTo}.</p>}
      {link.emailError && <p className="error" role="alert">{link.emailError}</p>}
      {/* A plain link, not a client-side reset: the page is drawn again with a new form key. */}
      <p><a href={studyHref} className="button secondary">Create another link</a></p>
    </div>
  );
}
