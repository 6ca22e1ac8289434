'use client';
import { useActionState } from 'react';
import type { AccessCheckKind } from '@/lib/shares/access-check';
import type { UploadAccessState } from './actions';

type Props = {
  kind: AccessCheckKind;
  action: (prev: UploadAccessState, form: FormData) => Promise<UploadAccessState>;
};

// The access check in the words of someone sending images, not receiving them.
export function UploadAccessForm({ kind, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const locked = state !== null && state.attemptsLeft === 0;
  return (
    <form action={formAction} className="card">
      {kind === 'birth_date' ? (
        <>
          <label htmlFor="answer">The patient&apos;s date of birth</label>
          <input id="answer" name="answer" type="date" required autoComplete="off" disabled={locked} />
        </>
      ) : (
        <>
          <label htmlFor="answer">Access code</label>
          <input id="answer" name="answer" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 \-]*" required disabled={locked} aria-describedby="answer-hint" />
          <p id="answer-hint" className="muted">The 8-digit code that came with the link.</p>
        </>
      )}
      {state && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending || locked}>{pending ? 'Checking…' : 'Continue'}</button>
    </form>
  );
}
