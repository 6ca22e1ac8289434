// What every recipient page has around its <main id="main">: a skip link, a
// banner with the language switch, and the translator for client components.
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { RecipientI18nProvider } from '@/lib/i18n/i18n-provider';
import { LanguageSwitch } from './language-switch';

export async function RecipientChrome({ children }: { children: React.ReactNode }) {
  const { t, lang } = await getRecipientT();
  return (
    <RecipientI18nProvider lang={lang}>
      <a className="skip-link" href="#main">{t('chrome.skipToContent')}</a>
      <header className="site recipient-header">
        <span className="brand">{t('chrome.brand')}</span>
        <LanguageSwitch t={t} lang={lang} />
      </header>
      {children}
    </RecipientI18nProvider>
  );
}
