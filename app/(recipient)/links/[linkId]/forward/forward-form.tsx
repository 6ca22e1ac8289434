'use client';
import { useActionState, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionResult } from '@/lib/http/action-result';
import type { ForwardedShareLink } from '@/lib/shares/forward-share-link';
import { CopyShareButtons } from '@/app/components/recipient/copy-share-buttons';

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<ForwardedShareLink>>;
  studies: Array<{ id: string; label: string }>;
  maxDays: number;
};

/** The patient sends studies to a specialist: a new link of its own, with its own code, ending no later than theirs. */
export function ForwardForm({ action, studies, maxDays }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const { t } = useTranslation();
  // Controlled: React resets a form after its action runs, and a refusal must not wipe what was typed.
  const [chosen, setChosen] = useState<string[]>(studies.length === 1 ? [studies[0]!.id] : []);
  const [email, setEmail] = useState('');
  const [purpose, setPurpose] = useState('treatment');
  const presets = [...new Set([1, 3, 7, 14, 30, maxDays])].filter((d) => d >= 1 && d <= maxDays).sort((a, b) => a - b);
  const [days, setDays] = useState(String(presets.includes(7) ? 7 : presets.at(-1)));
  const urlBox = useRef<HTMLDivElement>(null);
  if (state?.ok) {
    const until = new Date(state.data.expiresAt).toISOString().slice(0, 10);
    return (
      <div className="card" aria-live="polite">
        <p className="ok">{t('forward.ready')}</p>
        <p>{t('forward.link')}</p>
        <div className="secret" data-testid="forwarded-url" ref={urlBox}>{state.data.url}</div>
        <p>{t('forward.code')}</p>
        <div className="secret" data-testid="forwarded-code">{state.data.accessCode}</div>
        <p className="muted">{t('forward.until', { date: until })}</p>
        <CopyShareButtons
          text={`${t('forward.shareText', { code: state.data.accessCode, date: until })}\n${state.data.url}`}
          selectTarget={() => urlBox.current}
        />
      </div>
    );
  }
  const error = (name: string) => (state && !state.ok && state.fieldErrors?.[name] ? <p className="error">{state.fieldErrors[name].join(' ')}</p> : null);
  return (
    <form action={formAction} className="card">
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>{t('forward.studies')}</legend>
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
      <label htmlFor="recipientEmail">{t('forward.email')}</label>
      <input id="recipientEmail" name="recipientEmail" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      {error('recipientEmail')}
      <label htmlFor="purpose">{t('forward.why')}</label>
      <select id="purpose" name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
        <option value="treatment">{t('forward.purposes.treatment')}</option>
        <option value="second_opinion">{t('forward.purposes.second_opinion')}</option>
        <option value="research">{t('forward.purposes.research')}</option>
      </select>
      <label htmlFor="expiresInDays">{t('forward.worksFor')}</label>
      <select id="expiresInDays" name="expiresInDays" value={days} onChange={(e) => setDays(e.target.value)}>
        {presets.map((d) => (
          <option key={d} value={d}>{t('forward.days', { count: d })}</option>
        ))}
      </select>
      <p className="muted">{t('forward.consentNote')}</p>
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending}>{pending ? t('forward.creating') : t('forward.submit')}</button>
    </form>
  );
}
