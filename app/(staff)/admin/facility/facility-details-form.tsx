'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { FacilityDetails } from '@/lib/facilities/facility-details';

type Props = {
  details: FacilityDetails;
  action: (prev: unknown, form: FormData) => Promise<ActionResult<FacilityDetails>>;
};

const fields = [
  { name: 'displayName', label: 'Name recipients see', hint: 'Leave empty to use the registered name.', max: 120, rows: 0 },
  { name: 'phone', label: 'Phone number', hint: 'Shown as a tap-to-call link, e.g. +1 555 0100.', max: 40, rows: 0 },
  { name: 'address', label: 'Address', hint: '', max: 300, rows: 3 },
  { name: 'helpText', label: 'Help text', hint: 'Plain text, e.g. opening hours or whom to ask for. Shown as written.', max: 1000, rows: 4 },
] as const;

/** What link recipients see about the facility: on every link page, e-mail and the handout. */
export function FacilityDetailsForm({ details, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const shown = state?.ok ? state.data : details;
  return (
    <form action={formAction} className="card" data-testid="facility-details-form">
      <input type="hidden" name="facilityId" value={details.facilityId} />
      {fields.map((f) => {
        const id = `facility-${f.name}`;
        const problem = errors[f.name];
        const described = [f.hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ') || undefined;
        const common = { id, name: f.name, maxLength: f.max, defaultValue: shown[f.name] ?? '', 'aria-invalid': problem ? true : undefined, 'aria-describedby': described };
        return (
          <div key={f.name}>
            <label htmlFor={id}>{f.label}</label>
            {f.rows ? <textarea {...common} rows={f.rows} style={{ width: '100%' }} /> : <input {...common} type={f.name === 'phone' ? 'tel' : 'text'} placeholder={f.name === 'displayName' ? details.name : undefined} />}
            {f.hint && <p id={`${id}-hint`} className="muted">{f.hint}</p>}
            {problem?.map((m) => <p key={m} id={`${id}-problem`} className="error">{m}</p>)}
          </div>
        );
      })}
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      {state?.ok && <p className="ok" role="status">Saved. Recipients see the new details from now on.</p>}
      <button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save details'}</button>
    </form>
  );
}
