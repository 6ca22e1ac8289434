import { LinkNotAvailable } from '@/app/components/recipient/link-not-available';
import { RecipientChrome } from '@/app/components/recipient/recipient-chrome';
import { getPageLanguage, isRecipientPage } from '@/lib/i18n/get-recipient-t';
import { createRecipientI18n } from '@/lib/i18n/create-recipient-i18n';

// The not-found page for addresses that match no route (notFound() on a link
// page uses app/(recipient)/not-found.tsx). Under /s/ and /links/ it speaks the
// visitor's language and has the language switch; elsewhere it is English.
export default async function NotFound() {
  const lang = await getPageLanguage();
  const page = <LinkNotAvailable t={createRecipientI18n(lang).getFixedT(lang)} />;
  return (await isRecipientPage()) ? <RecipientChrome>{page}</RecipientChrome> : page;
}
