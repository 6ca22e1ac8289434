'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { ForwardedShareLink } from '@/lib/shares/forward-share-link';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<ForwardedShareLink>>;
  studies: Array<{ id: string; label: string }>;
  maxDays: number;
};

/** The patient sends studies to a specialist: a new link of its own, with its own code, ending no later than theirs. */
export function ForwardForm({ action, studies, maxDays }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled: React resets a form after its action runs, and a refusal must not wipe what was typed.
  const [chosen, setChosen] = useState<string[]>(studies.length === 1 ? [studies[0]!.id] : []);
  const [email, setEmail] = useState('');
  const [purpose, setPurpose] = useState('treatment');
  const presets = [...new Set([1, 3, 7, 14, 30, maxDays])].filter((d) => d >= 1 && d <= maxDays).sort((a, b) => a - b);
  const [days, setDays] = useState(String(presets.includes(7) ? 7 : presets.at(-1)));
  if (state?.ok) {
    return (
      <div className="card" aria-live="polite">
        <p className="ok">Ready to send. Give the specialist this link and code; they are shown only once.</p>
        <p>Link</p>
        <div className="secret" data-testid="forwarded-url">{state.data.url}</div>
        <p>Access code</p>
        <div className="secret" data-testid="forwarded-code">{state.data.accessCode}</div>
        <p className="muted">It works until {new Date(state.data.expiresAt).toLocaleDateString()} and stops if your own link is revoked.</p>
      </div>
    );
  }
  const error = (name: string) => (state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null);
  return (
    <form action={formAction} className="card">
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>Studies to send</legend>
        {studies.map((s) => (
          <label key={s.id} style={{ fontWeight: 400 }}>
            <input
              type="checkbox"
              name="studyIds"
              value={s.id}
              checked={chosen.includes(s.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))}
            />{' '}
            {s.label}
          </label>
        ))}
        {error('studyIds')}
      </fieldset>
      <label htmlFor="recipientEmail">Specialist&apos;s e-mail</label>
      <input id="recipientEmail" name="recipientEmail" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      {error('recipientEmail')}
      <label htmlFor="purpose">Why</label>
      <select id="purpose" name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
        <option value="treatment">Referral / treatment</option>
        <option value="second_opinion">Second opinion</option>
        <option value="research">Research</option>
      </select>
      <label htmlFor="expiresInDays">Works for</label>
      <select id="expiresInDays" name="expiresInDays" value={days} onChange={(e) => setDays(e.target.value)}>
        {presets.map((d) => (
          <option key={d} value={d}>{d === 1 ? '1 day' : `${d} days`}</option>
        ))}
      </select>
      <p className="muted">The facility must have your consent on file to share with this specialist for this purpose.</p>
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create a link for the specialist'}</button>
    </form>
  );
}
