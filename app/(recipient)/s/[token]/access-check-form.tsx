'use client';
import { useActionState } from 'react';
import type { AccessCheckKind } from '@/lib/shares/access-check';
import type { AccessCheckState } from './actions';
import { BootViewer } from '../../viewer-host';

type Props = {
  kind: AccessCheckKind;
  action: (prev: AccessCheckState, form: FormData) => Promise<AccessCheckState>;
};

export function AccessCheckForm({ kind, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const locked = state !== null && state.attemptsLeft === 0;
  return (
    <form action={formAction} className="card">
      <BootViewer />
      {kind === 'birth_date' ? (
        <>
          <label htmlFor="answer">Patient&apos;s date of birth</label>
          <input id="answer" name="answer" type="date" required autoComplete="bday" disabled={locked} />
        </>
      ) : (
        <>
          <label htmlFor="answer">Access code</label>
          <input id="answer" name="answer" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 \-]*" required disabled={locked} />
          <p className="muted">The 8-digit code you were given with the link.</p>
        </>
      )}
      {state && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending || locked}>{pending ? 'Checking…' : 'Continue'}</button>
    </form>
  );
}
