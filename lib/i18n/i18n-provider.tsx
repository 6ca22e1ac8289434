'use client';
// Gives client components of recipient pages (useTranslation) the language the
// server negotiated for this request. A new instance when the language changes.
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createRecipientI18n } from './create-recipient-i18n';
import type { RecipientLanguage } from './languages';

export function RecipientI18nProvider({ lang, children }: { lang: RecipientLanguage; children: React.ReactNode }) {
  const i18n = useMemo(() => createRecipientI18n(lang), [lang]);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
