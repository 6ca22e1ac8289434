// One i18next instance per request (server) or per provider (client): a shared
// global instance would let one visitor's language leak into another's page.
// Resources are bundled, so initialisation is synchronous.
import { createInstance, type i18n } from 'i18next';
import en from './locales/en.json';
import es from './locales/es.json';
import { defaultLanguage, recipientLanguages, type RecipientLanguage } from './languages';

export const recipientNamespace = 'recipient';
export const recipientResources = { en: { [recipientNamespace]: en }, es: { [recipientNamespace]: es } } as const;

export function createRecipientI18n(lang: RecipientLanguage): i18n {
  const instance = createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: defaultLanguage,
    supportedLngs: [...recipientLanguages],
    ns: [recipientNamespace],
    defaultNS: recipientNamespace,
    resources: recipientResources,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
  });
  return instance;
}
