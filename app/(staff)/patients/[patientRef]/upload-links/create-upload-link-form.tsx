'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { CreatedUploadLink } from '@/lib/upload-links/create-upload-link';
import { PrintHandout } from '@/app/components/handout/print-handout';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<CreatedUploadLink>>;
  maxDays: number;
  hasBirthDate: boolean;
  /** For the printed handout, which carries no other patient data. */
  patientInitials: string;
  facilityName: string;
};

export function CreateUploadLinkForm({ action, maxDays, hasBirthDate, patientInitials, facilityName }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const [copied, setCopied] = useState(false);
  const presets = [1, 3, 7, 14, 30].filter((d) => d <= maxDays);
  const fieldError = (name: string) =>
    state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null;

  if (state?.ok) {
    const { url, accessCode, expiresAt } = state.data;
    return (
      <div className="card" aria-live="polite">
        <p className="ok">Upload link created. It is shown only once: copy it now and send it to whoever has the images.</p>
        <label htmlFor="upload-url">Upload link</label>
        <div id="upload-url" className="secret" data-testid="upload-link-url">{url}</div>
        <div className="actions">
          <button type="button" onClick={() => navigator.clipboard.writeText(url).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
          {/* The share link's handout, worded for sending images: built in this tab, the token goes nowhere. */}
          <PrintHandout handout={{ url, accessCode, expiresAt, patientInitials, facilityName, kind: 'upload' }} />
        </div>
        {accessCode && (
          <>
            <label>Access code</label>
            <div className="secret" data-testid="upload-link-code">{accessCode}</div>
          </>
        )}
        <p className="muted">Expires {new Date(expiresAt).toLocaleString()}. Files sent through it wait in the quarantine inbox for you to accept or reject.</p>
      </div>
    );
  }

  return (
    <form action={formAction} className="card">
      <label htmlFor="upload-expires">Open for</label>
      <select id="upload-expires" name="expiresInDays" defaultValue={String(presets.includes(7) ? 7 : (presets.at(-1) ?? 1))} required>
        {presets.map((d) => (
          <option key={d} value={d}>{d === 1 ? '1 day' : `${d} days`}</option>
        ))}
      </select>
      {fieldError('expiresInDays')}
      <fieldset style={{ border: 0, padding: 0, margin: '.75rem 0' }}>
        <legend style={{ fontWeight: 600 }}>The sender proves who the images are for with</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="birth_date" defaultChecked={hasBirthDate} disabled={!hasBirthDate} /> the patient&apos;s date of birth
          {!hasBirthDate && <span className="muted"> (none on file)</span>}
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="code" defaultChecked={!hasBirthDate} /> a generated access code
        </label>
      </fieldset>
      <label htmlFor="upload-note">Note for the sender (optional)</label>
      <textarea id="upload-note" name="note" rows={3} maxLength={500} style={{ width: '100%', maxWidth: '32rem' }} placeholder="e.g. Please send the CT from March." />
      {fieldError('note')}
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <div className="actions">
        <button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create upload link'}</button>
      </div>
    </form>
  );
}
