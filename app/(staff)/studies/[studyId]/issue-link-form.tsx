'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { CreatedShareLink } from '@/lib/shares/create-share-link';
import { PrintHandout } from '@/app/components/handout/print-handout';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<CreatedShareLink>>;
  maxDays: number;
  hasBirthDate: boolean;
  /** Where staff record the patient's consent, shown when a share needs one. */
  consentsHref: string;
  /** E-mail delivery, one-time codes and alerts need SMTP (SMTP_URL). */
  mailEnabled: boolean;
  /** For the printed handout, which carries no other patient data. */
  patientInitials: string;
  facilityName: string;
};

type RecipientKind = 'patient' | 'named' | 'any_holder';

export function IssueLinkForm({ action, maxDays, hasBirthDate, consentsHref, mailEnabled, patientInitials, facilityName }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const [copied, setCopied] = useState(false);
  // Controlled: React resets a form after its action runs, and a refusal must not wipe what was typed.
  const [recipient, setRecipient] = useState<RecipientKind>('patient');
  const [purpose, setPurpose] = useState('treatment');
  const [recipientEmail, setRecipientEmail] = useState('');
  const [deliveryEmail, setDeliveryEmail] = useState('');
  const fieldError = (name: string) =>
    state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null;
  const presets = [1, 7, 14, 30, 90].filter((d) => d <= maxDays);

  if (state?.ok) {
    const { url, accessCode, expiresAt } = state.data;
    return (
      <div className="card" aria-live="polite">
        <p className="ok">Link created. It is shown only once: copy or print it now.</p>
        <label htmlFor="share-url">Link</label>
        <div id="share-url" className="secret" data-testid="share-url">{url}</div>
        <div className="actions">
          <button type="button" onClick={() => navigator.clipboard.writeText(url).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <PrintHandout handout={{ url, accessCode, emailedCode: state.data.accessCheckKind === 'email_otp', expiresAt, patientInitials, facilityName }} />
        </div>
        {accessCode && (
          <>
            <label>Access code</label>
            <div className="secret" data-testid="access-code">{accessCode}</div>
          </>
        )}
        <p className="muted">Expires {new Date(expiresAt).toLocaleString()}.</p>
        {state.data.consentId && <p className="muted">Shared under the patient&apos;s consent on file; withdrawing it stops this link at once.</p>}
        {state.data.emailedTo && !state.data.emailError && <p className="ok" data-testid="emailed-to">E-mailed to {state.data.emailedTo}.</p>}
        {state.data.emailError && <p className="error" role="alert">{state.data.emailError}</p>}
      </div>
    );
  }

  return (
    <form action={formAction} className="card">
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 .75rem' }}>
        <legend style={{ fontWeight: 600 }}>Share with</legend>
        {(
          [
            ['patient', 'the patient (their own right of access)'],
            ['named', 'a named specialist, by e-mail'],
            ['any_holder', 'anyone who has the link and its code'],
          ] as const
        ).map(([value, text]) => (
          <label key={value} style={{ fontWeight: 400 }}>
            <input type="radio" name="recipientKind" value={value} checked={recipient === value} onChange={() => setRecipient(value)} /> {text}
          </label>
        ))}
      </fieldset>
      {recipient !== 'patient' && (
        <>
          <label htmlFor="purpose">Purpose</label>
          <select id="purpose" name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} required>
            <option value="treatment">Referral / treatment</option>
            <option value="second_opinion">Second opinion</option>
            <option value="research">Research</option>
          </select>
          {fieldError('purpose')}
          <p className="muted">Needs the patient&apos;s consent on file for this recipient and purpose (<a href={consentsHref}>consents</a>).</p>
        </>
      )}
      {recipient === 'named' && (
        <>
          <label htmlFor="recipientEmail">Specialist&apos;s e-mail</label>
          <input
            id="recipientEmail"
            name="recipientEmail"
            type="email"
            autoComplete="off"
            placeholder="dr.jones@hospital.org"
            required
            value={recipientEmail}
            onChange={(e) => setRecipientEmail(e.target.value)}
          />
          <p className="muted">They also find the link in their ScanShare inbox after signing in with their institution.</p>
          {fieldError('recipientEmail')}
        </>
      )}
      <label htmlFor="expiresInDays">Expires after</label>
      <select id="expiresInDays" name="expiresInDays" defaultValue={String(presets.includes(7) ? 7 : presets[0] ?? 1)} required>
        {presets.map((d) => (
          <option key={d} value={d}>{d === 1 ? '1 day' : `${d} days`}</option>
        ))}
      </select>
      <fieldset style={{ border: 0, padding: 0, margin: '.75rem 0' }}>
        <legend style={{ fontWeight: 600 }}>Recipient proves who they are with</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="birth_date" defaultChecked={hasBirthDate} disabled={!hasBirthDate} /> the patient&apos;s date of birth
          {!hasBirthDate && <span className="muted"> (none on file)</span>}
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="code" defaultChecked={!hasBirthDate} /> a generated access code
        </label>
        {mailEnabled && (
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="accessCheck" value="email_otp" /> a one-time code e-mailed when they open it
          </label>
        )}
      </fieldset>
      {mailEnabled && (
        <>
          <label htmlFor="deliveryEmail">E-mail the link to (optional)</label>
          <input
            id="deliveryEmail"
            name="deliveryEmail"
            type="email"
            autoComplete="off"
            placeholder={recipient === 'named' ? 'the specialist’s address above, or another' : 'patient@example.org'}
            value={deliveryEmail}
            onChange={(e) => setDeliveryEmail(e.target.value)}
          />
          {fieldError('deliveryEmail')}
        </>
      )}
      <details style={{ margin: '.75rem 0' }}>
        <summary>More options: open limit, view only, forwarding, a note</summary>
        <label htmlFor="maxOpens">Maximum number of opens (leave empty for no limit)</label>
        <input id="maxOpens" name="maxOpens" type="number" min={1} max={1000} inputMode="numeric" />
        {fieldError('maxOpens')}
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" name="viewOnly" /> view only (no download of the CD copy)
        </label>
        {recipient === 'patient' && (
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" name="allowForward" /> the patient may forward it to a specialist (needs a consent for that specialist)
          </label>
        )}
        {mailEnabled && (
          <>
            <label htmlFor="alertEmail">E-mail the patient when it is first opened and downloaded (optional)</label>
            <input id="alertEmail" name="alertEmail" type="email" autoComplete="off" placeholder="patient@example.org" />
            {fieldError('alertEmail')}
          </>
        )}
        <label htmlFor="noteToRecipient">Note to the recipient (optional)</label>
        <textarea id="noteToRecipient" name="noteToRecipient" rows={2} maxLength={500} style={{ width: '100%', maxWidth: '32rem' }} />
        {fieldError('noteToRecipient')}
      </details>
      {state && !state.ok && (
        <p className="error" role="alert">
          {state.message}
          {state.code === 'conflict:consent_required' && (
            <>
              {' '}
              <a href={consentsHref}>Record a consent</a>
            </>
          )}
        </p>
      )}
      <button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create share link'}</button>
    </form>
  );
}
