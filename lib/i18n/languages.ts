// The languages patient- and recipient-facing pages speak. Staff pages stay English.
// Safe for server and client code alike.
export const recipientLanguages = ['en', 'es'] as const;
export type RecipientLanguage = (typeof recipientLanguages)[number];
export const defaultLanguage: RecipientLanguage = 'en';

/** Set by the visible language switch; wins over the browser's Accept-Language. */
export const languageCookieName = 'lang';

/** Request header proxy.ts sets on recipient pages, so the root layout knows to negotiate. */
export const recipientPageHeader = 'x-scanshare-recipient-page';

export function isRecipientLanguage(value: unknown): value is RecipientLanguage {
  return typeof value === 'string' && (recipientLanguages as readonly string[]).includes(value);
}

/** The locale used for dates and numbers in each language. */
export const formattingLocale: Record<RecipientLanguage, string> = { en: 'en-GB', es: 'es' };
