'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { RecordedConsent } from '@/lib/consents/record-consent';
import { SignaturePad } from './signature-pad';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<RecordedConsent>>;
  studies: Array<{ id: string; description: string; studyDate: string | null }>;
  submitLabel: string;
  /** Prefix for element ids, so a page can hold several forms. */
  idPrefix: string;
};

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/** Records a consent, or a change to one (a new version): scope, recipient, purpose, validity, and how it was given. */
export function ConsentForm({ action, studies, submitLabel, idPrefix }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const [scope, setScope] = useState<'all_studies' | 'selected_studies'>('all_studies');
  const [recipient, setRecipient] = useState<'named' | 'any_holder'>('named');
  const [method, setMethod] = useState<'signed_form' | 'on_screen_signature' | 'verbal_witnessed'>('signed_form');
  const id = (name: string) => `${idPrefix}-${name}`;
  const fieldError = (name: string) =>
    state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null;

  return (
    <form action={formAction} className="card" encType="multipart/form-data">
      {state?.ok && <p className="ok" role="status">Consent recorded (version {state.data.version}).</p>}
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>Studies covered</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="scope" value="all_studies" checked={scope === 'all_studies'} onChange={() => setScope('all_studies')} /> all of the patient&apos;s studies
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="scope" value="selected_studies" checked={scope === 'selected_studies'} onChange={() => setScope('selected_studies')} /> only these:
        </label>
        {scope === 'selected_studies' &&
          studies.map((s) => (
            <label key={s.id} style={{ fontWeight: 400, marginLeft: '1.5rem' }}>
              <input type="checkbox" name="studyIds" value={s.id} /> {s.description || 'Study'} ({s.studyDate ?? 'no date'})
            </label>
          ))}
        {fieldError('studyIds')}
      </fieldset>

      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>Recipient</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="recipientKind" value="named" checked={recipient === 'named'} onChange={() => setRecipient('named')} /> a named clinician or organisation
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="recipientKind" value="any_holder" checked={recipient === 'any_holder'} onChange={() => setRecipient('any_holder')} /> anyone the patient gives the link and code to
        </label>
      </fieldset>
      {recipient === 'named' && (
        <>
          <label htmlFor={id('recipientName')}>Clinician or organisation</label>
          <input id={id('recipientName')} name="recipientName" placeholder="Dr A. Jones, St Mary's Cardiology" />
          {fieldError('recipientName')}
          <label htmlFor={id('recipientEmail')}>Their e-mail, or @domain for the whole organisation</label>
          <input id={id('recipientEmail')} name="recipientEmail" placeholder="a.jones@stmarys.org or @stmarys.org" autoComplete="off" />
          {fieldError('recipientEmail')}
        </>
      )}

      <label htmlFor={id('purpose')}>Purpose</label>
      <select id={id('purpose')} name="purpose" defaultValue="treatment">
        <option value="treatment">Referral / treatment</option>
        <option value="second_opinion">Second opinion</option>
        <option value="research">Research</option>
      </select>

      <label htmlFor={id('validFrom')}>Valid from</label>
      <input id={id('validFrom')} name="validFrom" type="date" defaultValue={new Date().toISOString().slice(0, 10)} />
      <label htmlFor={id('validUntil')}>Valid until</label>
      <input id={id('validUntil')} name="validUntil" type="date" defaultValue={inAYear()} required />
      {fieldError('validUntil')}

      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>How the patient gave it</legend>
        {(
          [
            ['signed_form', 'signed paper form (attach the scan)'],
            ['on_screen_signature', 'signed on this screen'],
            ['verbal_witnessed', 'verbally, with a witness'],
          ] as const
        ).map(([value, text]) => (
          <label key={value} style={{ fontWeight: 400 }}>
            <input type="radio" name="method" value={value} checked={method === value} onChange={() => setMethod(value)} /> {text}
          </label>
        ))}
      </fieldset>
      {method === 'signed_form' && (
        <>
          <label htmlFor={id('evidence')}>Scan of the signed form (PDF, JPEG or PNG, at most 10 MB)</label>
          <input id={id('evidence')} name="evidence" type="file" accept="application/pdf,image/jpeg,image/png" />
        </>
      )}
      {method === 'on_screen_signature' && <SignaturePad name="signaturePng" />}
      {method === 'verbal_witnessed' && (
        <>
          <label htmlFor={id('witnessName')}>Witness</label>
          <input id={id('witnessName')} name="witnessName" placeholder="Name of the staff member who witnessed it" />
          {fieldError('witnessName')}
        </>
      )}

      <label htmlFor={id('note')}>Note (optional)</label>
      <textarea id={id('note')} name="note" rows={2} style={{ width: '100%', maxWidth: '32rem' }} />
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <div className="actions">
        <button type="submit" disabled={pending}>{pending ? 'Saving…' : submitLabel}</button>
      </div>
    </form>
  );
}
