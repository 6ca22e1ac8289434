'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

type Props = { revoke: () => Promise<ActionResult<{ message: string }>>; cancelHref: string };

/** The one button that revokes; a plain form, so it works before (or without) the page's script. */
export function RevokeConfirmForm({ revoke, cancelHref }: Props) {
  const [state, action, pending] = useActionState(revoke, null);
  return (
    <form action={action} className="actions">
      <button type="submit" disabled={pending}>{pending ? 'Revoking…' : 'Yes, revoke this link'}</button>
      <a className="button secondary" href={cancelHref}>No, keep it</a>
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
    </form>
  );
}
