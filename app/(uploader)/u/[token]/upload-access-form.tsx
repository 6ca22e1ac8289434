'use client';
import { useActionState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessCheckKind } from '@/lib/shares/access-check';
import type { UploadAccessState } from './actions';

type Props = {
  kind: AccessCheckKind;
  action: (prev: UploadAccessState, form: FormData) => Promise<UploadAccessState>;
};

// The access check in the words of someone sending images, not receiving them.
export function UploadAccessForm({ kind, action }: Props) {
  const { t } = useTranslation();
  const [state, formAction, pending] = useActionState(action, null);
  const locked = state !== null && state.attemptsLeft === 0;
  const problem =
    state === null ? null : state.problem === 'wrong_answer' ? t('upload.wrongAnswer', { count: state.attemptsLeft }) : t(`upload.${state.problem}`);
  const invalid = state?.problem === 'wrong_answer' || undefined;
  return (
    <form action={formAction} className="card">
      {kind === 'birth_date' ? (
        <>
          <label htmlFor="answer">{t('upload.birthDateLabel')}</label>
          <input id="answer" name="answer" type="date" required autoComplete="off" disabled={locked} aria-invalid={invalid} aria-describedby={problem ? 'answer-problem' : undefined} />
        </>
      ) : (
        <>
          <label htmlFor="answer">{t('upload.codeLabel')}</label>
          <input
            id="answer"
            name="answer"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 \-]*"
            required
            disabled={locked}
            aria-invalid={invalid}
            aria-describedby={problem ? 'answer-hint answer-problem' : 'answer-hint'}
          />
          <p id="answer-hint" className="muted">{t('upload.codeHint')}</p>
        </>
      )}
      {problem && <p id="answer-problem" className="error" role="alert">{problem}</p>}
      <button type="submit" disabled={pending || locked}>{pending ? t('upload.checking') : t('upload.continue')}</button>
    </form>
  );
}
