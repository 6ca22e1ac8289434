'use client';
// The printed handout for a new share link (or upload link): facility and its phone, patient initials (no
// other patient data), a QR code of the link, the link as text, the access code
// or "date of birth", the expiry, and plain instructions in English with Spanish
// below. Rendered in the browser from what the "Link created" panel holds.
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { createRecipientI18n } from '@/lib/i18n/create-recipient-i18n';
import { formatLocalDateTime } from '@/lib/i18n/format';
import { QrCodeSvg } from './qr-code-svg';

export type HandoutData = {
  url: string;
  accessCode: string | null;
  /** The code is e-mailed when the link is opened (no code on the sheet). */
  emailedCode?: boolean;
  expiresAt: Date | string;
  patientInitials: string;
  facilityName: string;
  /** The facility's phone number (its admin sets it), for questions; none when not set. */
  facilityPhone?: string | null;
  /** A share link (to see the images) or an upload link (to send them); a share link when absent. */
  kind?: 'share' | 'upload';
};

/** An English label with its Spanish translation after it. */
function Both({ en, es, k }: { en: TFunction; es: TFunction; k: string }) {
  return (
    <>
      {en(k)} <span lang="es" className="handout-es">· {es(k)}</span>
    </>
  );
}

function Instructions({ t, data, lang }: { t: TFunction; data: HandoutData; lang: 'en' | 'es' }) {
  return (
    <section lang={lang} className="handout-steps">
      <h2>{t('handout.steps')}</h2>
      <ol>
        <li>{t('handout.scan')}</li>
        <li>{t(data.accessCode ? 'handout.enterCode' : data.emailedCode ? 'handout.enterEmailedCode' : 'handout.enterBirthDate')}</li>
        <li>{t(data.kind === 'upload' ? 'handout.uploadThen' : 'handout.then')}</li>
      </ol>
      <p>{t('handout.expires', { date: formatLocalDateTime(new Date(data.expiresAt), lang) })} {t(data.kind === 'upload' ? 'handout.uploadPrivate' : 'handout.private')}</p>
      <p>
        {data.facilityPhone ? t('handout.questionsPhone', { facility: data.facilityName, phone: data.facilityPhone }) : t('handout.questions', { facility: data.facilityName })}
      </p>
    </section>
  );
}

export function ShareHandout({ data }: { data: HandoutData }) {
  const [en, es] = useMemo(() => [createRecipientI18n('en').getFixedT('en'), createRecipientI18n('es').getFixedT('es')], []);
  const code = data.accessCode?.replace(/(\d{4})(?=\d)/g, '$1 ');
  const title = (t: TFunction) => (data.kind === 'upload' ? t('handout.uploadTitle', { facility: data.facilityName }) : t('handout.title'));
  return (
    <article className="handout-sheet" aria-labelledby="handout-title" data-testid="handout">
      <header className="handout-head">
        <p className="handout-facility">{data.facilityName}</p>
        {data.facilityPhone && (
          <p className="handout-phone">
            <Both en={en} es={es} k="handout.phoneLabel" />: <strong data-testid="handout-phone">{data.facilityPhone}</strong>
          </p>
        )}
        <h1 id="handout-title">
          {title(en)}
          <span lang="es" className="handout-es-title">{title(es)}</span>
        </h1>
        {data.patientInitials && (
          <p>
            <Both en={en} es={es} k="handout.patientInitials" />: <strong data-testid="handout-initials">{data.patientInitials}</strong>
          </p>
        )}
      </header>
      <div className="handout-access">
        <div className="handout-qr">
          <QrCodeSvg text={data.url} label={`${en('handout.qrLabel')} · ${es('handout.qrLabel')}`} />
        </div>
        <dl>
          <dt><Both en={en} es={es} k="handout.linkLabel" /></dt>
          <dd className="handout-url" data-testid="handout-url">{data.url}</dd>
          {code ? (
            <>
              <dt><Both en={en} es={es} k="handout.codeLabel" /></dt>
              <dd className="handout-code" data-testid="handout-code">{code}</dd>
            </>
          ) : (
            <>
              <dt><Both en={en} es={es} k="handout.askedFor" /></dt>
              <dd data-testid="handout-code">
                <Both en={en} es={es} k={data.emailedCode ? 'handout.emailedCode' : 'handout.birthDate'} />
              </dd>
            </>
          )}
          <dt><Both en={en} es={es} k="handout.expiresLabel" /></dt>
          <dd data-testid="handout-expiry">{formatLocalDateTime(new Date(data.expiresAt), 'en')} <span lang="es" className="handout-es">· {formatLocalDateTime(new Date(data.expiresAt), 'es')}</span></dd>
        </dl>
      </div>
      <Instructions t={en} data={data} lang="en" />
      <Instructions t={es} data={data} lang="es" />
    </article>
  );
}
