'use server';
// The language switch: remembers the choice in a cookie that wins over
// Accept-Language. Setting a cookie in an action re-renders the current page.
import { cookies } from 'next/headers';
import { isRecipientLanguage, languageCookieName } from '@/lib/i18n/languages';

export async function setLanguageAction(form: FormData): Promise<void> {
  const lang = form.get('lang');
  if (!isRecipientLanguage(lang)) return;
  (await cookies()).set(languageCookieName, lang, {
    path: '/',
    sameSite: 'lax',
    maxAge: 365 * 86_400,
    // Not a secret, but nothing on the page needs to read it.
    httpOnly: true,
  });
}
