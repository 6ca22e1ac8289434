'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

type Done = ActionResult<{ message: string }>;
type Props = {
  state: string;
  maxDays: number;
  revoke: () => Promise<Done>;
  unlock: () => Promise<Done>;
  extend: (prev: unknown, form: FormData) => Promise<Done>;
};

/** Revoke, unlock and extend one link; each answers in words next to it. */
export function LinkControls({ state, maxDays, revoke, unlock, extend }: Props) {
  const [revoked, revokeAction, revoking] = useActionState(revoke, null);
  const [unlocked, unlockAction, unlocking] = useActionState(unlock, null);
  const [extended, extendAction, extending] = useActionState(extend, null);
  const presets = [1, 7, 14, 30, 90].filter((d) => d <= maxDays);
  const results = [revoked, unlocked, extended].filter((r) => r !== null);
  if (state === 'revoked') return null;
  return (
    <div className="actions" style={{ marginTop: 0 }}>
      {state === 'locked' && (
        <form action={unlockAction}>
          <button type="submit" className="secondary" disabled={unlocking}>Unlock</button>
        </form>
      )}
      <form action={extendAction} style={{ display: 'flex', gap: '.5rem', alignItems: 'center' }}>
        <select name="expiresInDays" aria-label="Extend to" defaultValue={String(presets.at(-1) ?? 1)}>
          {presets.map((d) => (
            <option key={d} value={d}>{d === 1 ? '1 day from now' : `${d} days from now`}</option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={extending}>Extend</button>
      </form>
      <form action={revokeAction}>
        <button type="submit" className="secondary" disabled={revoking}>Revoke</button>
      </form>
      {results.map((r, i) => (
        <p key={i} className={r!.ok ? 'ok' : 'error'} role={r!.ok ? 'status' : 'alert'}>{r!.ok ? r!.data.message : r!.message}</p>
      ))}
    </div>
  );
}
