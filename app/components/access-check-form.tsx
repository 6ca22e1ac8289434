'use client';
// The access check a link's visitor passes, for share links (receiving images) and
// upload links (sending them): the same fields, lockout wording and accessibility,
// in the words of the page's own translation namespace.
import { useActionState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessCheckKind } from '@/lib/shares/access-check';

export type AccessCheckState = { problem: 'wrong_answer' | 'locked' | 'unavailable'; attemptsLeft: number } | null;

type Props = {
  kind: AccessCheckKind;
  action: (prev: AccessCheckState, form: FormData) => Promise<AccessCheckState>;
  /** `accessCheck` (share links) or `upload` (upload links): the keys are the same in both. */
  words: 'accessCheck' | 'upload';
  /** Whether the browser may fill a date of birth (a patient's own; not a sender acting for someone). */
  birthDateAutoComplete: 'bday' | 'off';
  children?: ReactNode;
};

export function AccessCheckForm({ kind, action, words, birthDateAutoComplete, children }: Props) {
  const { t } = useTranslation();
  const [state, formAction, pending] = useActionState(action, null);
  const locked = state !== null && state.attemptsLeft === 0;
  const invalid = state?.problem === 'wrong_answer' || undefined;
  const problem =
    state === null ? null : state.problem === 'wrong_answer' ? t(`${words}.wrongAnswer`, { count: state.attemptsLeft }) : t(`${words}.${state.problem}`);
  return (
    <form action={formAction} className="card">
      {children}
      {kind === 'birth_date' ? (
        <>
          <label htmlFor="answer">{t(`${words}.birthDateLabel`)}</label>
          <input
            id="answer"
            name="answer"
            type="date"
            required
            autoComplete={birthDateAutoComplete}
            disabled={locked}
            aria-invalid={invalid}
            aria-describedby={problem ? 'answer-problem' : undefined}
          />
        </>
      ) : (
        <>
          <label htmlFor="answer">{t(`${words}.codeLabel`)}</label>
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
          <p id="answer-hint" className="muted">{t(kind === 'email_otp' ? `${words}.otpHint` : `${words}.codeHint`)}</p>
        </>
      )}
      {problem && <p id="answer-problem" className="error" role="alert">{problem}</p>}
      <button type="submit" disabled={pending || locked}>{pending ? t(`${words}.checking`) : t(`${words}.continue`)}</button>
    </form>
  );
}
