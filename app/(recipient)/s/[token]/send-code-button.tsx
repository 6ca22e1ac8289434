'use client';
import { useActionState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendCodeState } from './actions';

/** For links whose code is e-mailed when they are opened: ask for it, see where it went. */
export function SendCodeButton({ action, maskedEmail }: { action: () => Promise<SendCodeState>; maskedEmail: string }) {
  const { t } = useTranslation();
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="card">
      <p>{t('accessCheck.otpIntro', { email: maskedEmail })}</p>
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? t('accessCheck.sendingCode') : state && 'sentTo' in state ? t('accessCheck.sendAgain') : t('accessCheck.sendCode')}
      </button>
      {state && 'sentTo' in state && <p className="ok" role="status">{t('accessCheck.codeSent', { email: state.sentTo })}</p>}
      {state && 'error' in state && <p className="error" role="alert">{t(`accessCheck.${state.error}`)}</p>}
    </form>
  );
}
