'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

type Props = { action: (prev: unknown, form: FormData) => Promise<ActionResult<{ linksStopped: number }>>; idPrefix: string };

export function WithdrawConsentForm({ action, idPrefix }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  if (state?.ok) {
    return <p className="ok" role="status">Withdrawn. {state.data.linksStopped} open link(s) stopped at once.</p>;
  }
  return (
    <form action={formAction}>
      <label htmlFor={`${idPrefix}-note`}>How the patient withdrew it</label>
      <input id={`${idPrefix}-note`} name="note" placeholder="e.g. phoned the front desk" required />
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <div className="actions">
        <button type="submit" className="secondary" disabled={pending}>{pending ? 'Withdrawing…' : 'Withdraw consent'}</button>
      </div>
    </form>
  );
}
