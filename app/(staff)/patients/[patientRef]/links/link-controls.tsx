'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import { extendChoices } from './extend-choices';

type Done = ActionResult<{ message: string }>;
type Props = {
  state: string;
  maxDays: number;
  /** Revoking asks first, on its own page (with or without script): a busy desk must not revoke the wrong link in one click. */
  revokeHref: string;
  unlock: () => Promise<Done>;
  extend: (prev: unknown, form: FormData) => Promise<Done>;
};

/** Revoke, unlock and extend one link; each answers in words next to it. */
export function LinkControls({ state, maxDays, revokeHref, unlock, extend }: Props) {
  const [unlocked, unlockAction, unlocking] = useActionState(unlock, null);
  const [extended, extendAction, extending] = useActionState(extend, null);
  const results = [unlocked, extended].filter((r) => r !== null);
  if (state === 'revoked') return null;
  return (
    <div className="actions" style={{ marginTop: 0 }}>
      {state === 'locked' && (
        <form action={unlockAction}>
          <button type="submit" className="secondary" disabled={unlocking}>Unlock</button>
        </form>
      )}
      {/* No preselected length: the new expiry is always the clerk's explicit choice (the server refuses none). */}
      <form action={extendAction} style={{ display: 'flex', gap: '.5rem', alignItems: 'center' }}>
        <select name="expiresInDays" aria-label="Extend to" defaultValue="" required>
          <option value="" disabled>New expiry…</option>
          {extendChoices(maxDays).map((d) => (
            <option key={d} value={d}>{d === 1 ? '1 day from now' : `${d} days from now`}</option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={extending}>Extend</button>
      </form>
      <a className="button secondary" href={revokeHref}>Revoke…</a>
      {results.map((r, i) => (
        <p key={i} className={r!.ok ? 'ok' : 'error'} role={r!.ok ? 'status' : 'alert'}>{r!.ok ? r!.data.message : r!.message}</p>
      ))}
    </div>
  );
}
