'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { CreatedShareLink } from '@/lib/shares/create-share-link';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<CreatedShareLink>>;
  maxDays: number;
  hasBirthDate: boolean;
};

export function IssueLinkForm({ action, maxDays, hasBirthDate }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const [copied, setCopied] = useState(false);
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
        </div>
        {accessCode && (
          <>
            <label>Access code</label>
            <div className="secret" data-testid="access-code">{accessCode}</div>
          </>
        )}
        <p className="muted">Expires {new Date(expiresAt).toLocaleString()}.</p>
      </div>
    );
  }

  return (
    <form action={formAction} className="card">
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
      </fieldset>
      <label htmlFor="recipientEmail">Specialist&apos;s e-mail (optional)</label>
      <input id="recipientEmail" name="recipientEmail" type="email" autoComplete="off" placeholder="dr.jones@hospital.org" />
      <p className="muted">A named specialist also finds the link in their ScanShare inbox after signing in with their institution.</p>
      {state && !state.ok && state.fieldErrors?.recipientEmail && <p className="error">{state.fieldErrors.recipientEmail.join(' ')}</p>}
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create share link'}</button>
    </form>
  );
}
