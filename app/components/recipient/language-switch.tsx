// English / Español for recipient pages: ordinary buttons in a form, so it works by
// keyboard and without JavaScript. Each name is in its own language (lang attribute).
import type { TFunction } from 'i18next';
import { recipientLanguages, type RecipientLanguage } from '@/lib/i18n/languages';
import { setLanguageAction } from './language-action';

export function LanguageSwitch({ t, lang }: { t: TFunction; lang: RecipientLanguage }) {
  return (
    <nav aria-label={t('chrome.languageLabel')}>
      <form action={setLanguageAction} className="language-switch">
        {recipientLanguages.map((code) => (
          <button
            key={code}
            type="submit"
            name="lang"
            value={code}
            lang={code}
            aria-pressed={code === lang}
            className={code === lang ? undefined : 'secondary'}
          >
            {t(`chrome.languageNames.${code}`)}
          </button>
        ))}
      </form>
    </nav>
  );
}
