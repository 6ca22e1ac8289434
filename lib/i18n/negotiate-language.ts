// Which language a recipient page speaks: the `lang` cookie when the visitor
// chose one with the switch, otherwise the best match for the browser's
// Accept-Language (q-values by negotiator, then RFC 4647-style matching by
// @formatjs/intl-localematcher, so es-MX and es-419 find es), otherwise English.
import Negotiator from 'negotiator';
import { match } from '@formatjs/intl-localematcher';
import { defaultLanguage, isRecipientLanguage, recipientLanguages, type RecipientLanguage } from './languages';

/** A well-formed BCP 47 tag (Intl throws on anything else). */
function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export function negotiateLanguage(input: { cookie?: string | null; acceptLanguage?: string | null }): RecipientLanguage {
  if (isRecipientLanguage(input.cookie)) return input.cookie;
  const requested = new Negotiator({ headers: { 'accept-language': input.acceptLanguage ?? '' } }).languages().filter(isLanguageTag);
  if (requested.length === 0) return defaultLanguage;
  const found = match(requested, recipientLanguages, defaultLanguage);
  return isRecipientLanguage(found) ? found : defaultLanguage;
}
