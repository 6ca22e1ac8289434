'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { EmailDomainClaimView } from '@/lib/identity-providers/email-domain-claims';

type Props = {
  providerId: string;
  domains: EmailDomainClaimView[];
  action: (prev: unknown, form: FormData) => Promise<ActionResult<EmailDomainClaimView[]>>;
};

function stateOf(d: EmailDomainClaimView): string {
  if (d.counts) return d.approved ? 'verified (approved by the platform operator)' : 'verified';
  return 'waiting: another facility claims it too, a platform operator must approve it';
}

/** The e-mail domains an IdP may assert: only addresses there count for the specialist inbox. */
export function EmailDomainsForm({ providerId, domains, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const shown = state?.ok ? state.data : domains;
  const id = `emailDomains-${providerId}`;
  return (
    <form action={formAction} data-testid="email-domains-form">
      <input type="hidden" name="providerId" value={providerId} />
      <label htmlFor={id}>E-mail domains this provider may assert, one per line (e.g. <code>hospital.org</code>)</label>
      <textarea id={id} name="emailDomains" rows={2} style={{ width: '100%' }} defaultValue={domains.map((d) => d.domain).join('\n')} />
      {errors.domains?.map((m) => <p key={m} className="error">{m}</p>)}
      {shown.length === 0 ? (
        <p className="muted">None: its users confirm their address by an e-mailed code before referrals reach their inbox.</p>
      ) : (
        <ul data-testid="email-domains">
          {shown.map((d) => (
            <li key={d.domain}>{d.domain}: {stateOf(d)}</li>
          ))}
        </ul>
      )}
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save domains'}</button>
    </form>
  );
}
