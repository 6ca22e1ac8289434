// The recipient pages' translator for the current request. The language comes
// from the `lang` cookie (the switch) or Accept-Language; see negotiate-language.ts.
import 'server-only';
import { cookies, headers } from 'next/headers';
import type { TFunction } from 'i18next';
import { createRecipientI18n } from './create-recipient-i18n';
import { defaultLanguage, languageCookieName, recipientPageHeader, type RecipientLanguage } from './languages';
import { negotiateLanguage } from './negotiate-language';

export async function getRecipientLanguage(): Promise<RecipientLanguage> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  return negotiateLanguage({ cookie: jar.get(languageCookieName)?.value, acceptLanguage: head.get('accept-language') });
}

export async function getRecipientT(): Promise<{ t: TFunction; lang: RecipientLanguage }> {
  const lang = await getRecipientLanguage();
  return { t: createRecipientI18n(lang).getFixedT(lang), lang };
}

/**
 * The language of the page being rendered, for <html lang>: negotiated on
 * recipient pages (marked by proxy.ts), English on staff pages, which are not translated.
 */
export async function getPageLanguage(): Promise<RecipientLanguage> {
  return (await isRecipientPage()) ? getRecipientLanguage() : defaultLanguage;
}

/** Whether this request is for a recipient page (/s/…, /links/…, /u/…, /uploads-for/…), as marked by proxy.ts. */
export async function isRecipientPage(): Promise<boolean> {
  return (await headers()).get(recipientPageHeader) === '1';
}
