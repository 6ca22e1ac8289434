'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

type Props = {
  maskedEmail: string;
  sendCode: () => Promise<ActionResult<{ sentTo: string }>>;
  confirm: (prev: unknown, form: FormData) => Promise<ActionResult<{ confirmed: string }>>;
};

/**
 * Shown while the account's address is not verified by its sign-in: referrals
 * addressed to it appear only after the clinician proves they receive mail there.
 */
export function ConfirmAddress({ maskedEmail, sendCode, confirm }: Props) {
  const [sent, sendAction, sending] = useActionState(sendCode, null);
  const [confirmed, confirmAction, confirming] = useActionState(confirm, null);
  return (
    <section className="card" data-testid="confirm-address">
      <p>
        Your sign-in does not vouch for your address {maskedEmail}, so referrals sent to it are not shown here yet.
        Confirm it with a code we e-mail to it (links sent to you still work from the e-mail itself).
      </p>
      <form action={sendAction}>
        <button type="submit" className="secondary" disabled={sending}>{sending ? 'Sending…' : sent?.ok ? 'Send another code' : 'E-mail me a code'}</button>
        {sent?.ok && <p className="ok" role="status">Code sent to {sent.data.sentTo}.</p>}
        {sent && !sent.ok && <p className="error" role="alert">{sent.message}</p>}
      </form>
      <form action={confirmAction}>
        <label htmlFor="inbox-code">Code from the e-mail</label>
        <input id="inbox-code" name="code" inputMode="numeric" autoComplete="one-time-code" />
        <button type="submit" disabled={confirming}>{confirming ? 'Checking…' : 'Confirm address'}</button>
        {confirmed?.ok && <p className="ok" role="status">Confirmed: {confirmed.data.confirmed}.</p>}
        {confirmed && !confirmed.ok && <p className="error" role="alert">{confirmed.fieldErrors?.code?.[0] ?? confirmed.message}</p>}
      </form>
    </section>
  );
}
