'use client';
// The study page's share form. Its fields are uncontrolled and drawn from one set
// of values: a fresh form's defaults, or exactly what was last sent (returned with
// every answer). Each answer draws the form afresh from them (a new key): React
// resets a form after its action to the defaults its fields were first drawn with,
// and does not move a <select>'s default when its defaultValue changes. So with
// script, and when the server draws the page for a browser without it, every field
// shows what was sent, and there is no second copy of the state to drift. Which fields show
// for which recipient is CSS on the checked radio itself (app/globals.css,
// .share-form), the very value that is submitted: it holds before the script runs.
import { useActionState, useEffect, useRef } from 'react';
import type { IssueLinkState } from './actions';
import { CreatedLinkPanel } from './created-link-panel';
import { RepeatedLinkNotice } from './repeated-link-notice';
import { expiryPresets, hasMoreOptions, type ShareFormValues } from './share-form-values';

type Props = {
  action: (prev: IssueLinkState, form: FormData) => Promise<IssueLinkState>;
  /** Random per render of the page: every send of this form carries it, and it makes one link. */
  formKey: string;
  defaults: ShareFormValues;
  maxDays: number;
  hasBirthDate: boolean;
  /** Where staff record the patient's consent, shown when a share needs one. */
  consentsHref: string;
  patientLinksHref: string;
  studyHref: string;
  /** E-mail delivery, one-time codes and alerts need SMTP (SMTP_URL). */
  mailEnabled: boolean;
  /** For the printed handout, which carries no other patient data. */
  patientInitials: string;
  facilityName: string;
  /** Printed on the handout, so the patient can call with questions. */
  facilityPhone: string | null;
};

const recipientChoices = [
  ['patient', 'the patient (their own right of access)'],
  ['named', 'a named specialist, by e-mail'],
  ['any_holder', 'anyone who has the link and its code'],
] as const;

export function IssueLinkForm(props: Props) {
  const { action, formKey, defaults, maxDays, hasBirthDate, consentsHref, mailEnabled } = props;
  const [state, formAction, pending] = useActionState(action, null);
  // A second press before the first answer would queue a second send of this form;
  // the server would answer it with "already created", and that answer would replace
  // the only screen that shows the new link. Drop it here; the server still makes one link per form.
  const sending = useRef(false);
  useEffect(() => {
    sending.current = false;
  }, [state]);

  if (state?.ok && state.data.kind === 'created') {
    return <CreatedLinkPanel link={state.data.link} patientInitials={props.patientInitials} facilityName={props.facilityName} facilityPhone={props.facilityPhone} studyHref={props.studyHref} />;
  }
  if (state?.ok && state.data.kind === 'repeated') {
    return <RepeatedLinkNotice link={state.data.link} patientLinksHref={props.patientLinksHref} studyHref={props.studyHref} />;
  }

  const values = state?.values ?? defaults;
  const fieldError = (name: string) =>
    state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null;
  return (
    <form
      key={state?.answer ?? 0}
      action={formAction}
      className="card share-form"
      // Checked on the server, field by field: the browser's own checks would also block a send over a hidden field.
      noValidate
      onSubmit={(event) => {
        if (sending.current) event.preventDefault();
        sending.current = true;
      }}
    >
      <input type="hidden" name="formKey" value={formKey} />
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 .75rem' }}>
        <legend style={{ fontWeight: 600 }}>Share with</legend>
        {recipientChoices.map(([value, text]) => (
          <label key={value} style={{ fontWeight: 400 }}>
            <input type="radio" name="recipientKind" value={value} defaultChecked={values.recipientKind === value} /> {text}
          </label>
        ))}
      </fieldset>
      <div data-applies-to="named any_holder">
        <label htmlFor="purpose">Purpose</label>
        <select id="purpose" name="purpose" defaultValue={values.purpose || 'treatment'}>
          <option value="treatment">Referral / treatment</option>
          <option value="second_opinion">Second opinion</option>
          <option value="research">Research</option>
        </select>
        {fieldError('purpose')}
        <p className="muted">Needs the patient&apos;s consent on file for this recipient and purpose (<a href={consentsHref}>consents</a>).</p>
      </div>
      <div data-applies-to="named">
        <label htmlFor="recipientEmail">Specialist&apos;s e-mail</label>
        <input id="recipientEmail" name="recipientEmail" type="email" autoComplete="off" placeholder="dr.jones@hospital.org" defaultValue={values.recipientEmail} />
        <p className="muted">They also find the link in their ScanShare inbox after signing in with their institution.</p>
        {fieldError('recipientEmail')}
      </div>
      <label htmlFor="handedTo">Handed to (optional, for the front desk)</label>
      <input id="handedTo" name="handedTo" type="text" maxLength={120} autoComplete="off" placeholder="patient at desk 2, Dr Ruiz’s office" defaultValue={values.handedTo} />
      <p className="muted">Shown only to staff, on the patient&apos;s links, to tell links apart.</p>
      {fieldError('handedTo')}
      <label htmlFor="expiresInDays">Expires after</label>
      <select id="expiresInDays" name="expiresInDays" defaultValue={values.expiresInDays} required>
        {expiryPresets(maxDays).map((d) => (
          <option key={d} value={d}>{d === 1 ? '1 day' : `${d} days`}</option>
        ))}
      </select>
      {fieldError('expiresInDays')}
      <fieldset style={{ border: 0, padding: 0, margin: '.75rem 0' }}>
        <legend style={{ fontWeight: 600 }}>Recipient proves who they are with</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="birth_date" defaultChecked={values.accessCheck === 'birth_date'} disabled={!hasBirthDate} /> the patient&apos;s date of birth
          {!hasBirthDate && <span className="muted"> (none on file)</span>}
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="accessCheck" value="code" defaultChecked={values.accessCheck === 'code'} /> a generated access code
        </label>
        {mailEnabled && (
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="accessCheck" value="email_otp" defaultChecked={values.accessCheck === 'email_otp'} /> a one-time code e-mailed when they open it
          </label>
        )}
        {fieldError('accessCheck')}
      </fieldset>
      {mailEnabled && (
        <>
          <label htmlFor="deliveryEmail">E-mail the link to (optional)</label>
          <input id="deliveryEmail" name="deliveryEmail" type="email" autoComplete="off" placeholder="the patient’s or specialist’s address" defaultValue={values.deliveryEmail} />
          {fieldError('deliveryEmail')}
        </>
      )}
      <details style={{ margin: '.75rem 0' }} open={hasMoreOptions(values)}>
        <summary>More options: open limit, view only, forwarding, a note</summary>
        <label htmlFor="maxOpens">Maximum number of opens (leave empty for no limit)</label>
        <input id="maxOpens" name="maxOpens" type="number" min={1} max={1000} inputMode="numeric" defaultValue={values.maxOpens} />
        {fieldError('maxOpens')}
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" name="viewOnly" defaultChecked={values.viewOnly} /> view only (no download of the CD copy)
        </label>
        <label style={{ fontWeight: 400 }} data-applies-to="patient">
          <input type="checkbox" name="allowForward" defaultChecked={values.allowForward} /> the patient may forward it to a specialist (needs a consent for that specialist)
        </label>
        {mailEnabled && (
          <>
            <label htmlFor="alertEmail">E-mail the patient when it is first opened and downloaded (optional)</label>
            <input id="alertEmail" name="alertEmail" type="email" autoComplete="off" placeholder="patient@example.org" defaultValue={values.alertEmail} />
            {fieldError('alertEmail')}
          </>
        )}
        <label htmlFor="noteToRecipient">Note to the recipient (optional)</label>
        <textarea id="noteToRecipient" name="noteToRecipient" rows={2} maxLength={500} style={{ width: '100%', maxWidth: '32rem' }} defaultValue={values.noteToRecipient} />
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
