'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

export function RevokeUploadLinkButton({ action }: { action: () => Promise<ActionResult<null>> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction}>
      <button type="submit" className="secondary" disabled={pending}>{pending ? 'Revoking…' : 'Revoke'}</button>
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
    </form>
  );
}
