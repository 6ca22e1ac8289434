'use client';
import { useActionState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessCheckKind } from '@/lib/shares/access-check';
import type { AccessCheckState } from './actions';
import { BootViewer } from '../../viewer-host';

type Props = {
  kind: AccessCheckKind;
  action: (prev: AccessCheckState, form: FormData) => Promise<AccessCheckState>;
};

export function AccessCheckForm({ kind, action }: Props) {
  const { t } = useTranslation();
  const [state, formAction, pending] = useActionState(action, null);
  const locked = state !== null && state.attemptsLeft === 0;
  const problem =
    state === null
      ? null
      : state.problem === 'wrong_answer'
        ? t('accessCheck.wrongAnswer', { count: state.attemptsLeft })
        : t(`accessCheck.${state.problem}`);
  return (
    <form action={formAction} className="card">
      <BootViewer />
      {kind === 'birth_date' ? (
        <>
          <label htmlFor="answer">{t('accessCheck.birthDateLabel')}</label>
          <input id="answer" name="answer" type="date" required autoComplete="bday" disabled={locked} aria-invalid={state?.problem === 'wrong_answer' || undefined} aria-describedby={problem ? 'answer-problem' : undefined} />
        </>
      ) : (
        <>
          <label htmlFor="answer">{t('accessCheck.codeLabel')}</label>
          <input
            id="answer"
            name="answer"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 \-]*"
            required
            disabled={locked}
            aria-invalid={state?.problem === 'wrong_answer' || undefined}
            aria-describedby={problem ? 'answer-hint answer-problem' : 'answer-hint'}
          />
          <p id="answer-hint" className="muted">{t(kind === 'email_otp' ? 'accessCheck.otpHint' : 'accessCheck.codeHint')}</p>
        </>
      )}
      {problem && <p id="answer-problem" className="error" role="alert">{problem}</p>}
      <button type="submit" disabled={pending || locked}>{pending ? t('accessCheck.checking') : t('accessCheck.continue')}</button>
    </form>
  );
}
