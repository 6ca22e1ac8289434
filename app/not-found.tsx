import { RecipientChrome } from '@/app/components/recipient/recipient-chrome';
import { getPageLanguage, isRecipientPage } from '@/lib/i18n/get-recipient-t';
import { createRecipientI18n } from '@/lib/i18n/create-recipient-i18n';

// The one not-found page. Unknown, expired, revoked and locked links all land
// here, so a visitor cannot tell them apart; the audit log records which it was.
// On link pages it speaks the visitor's language and has the language switch;
// elsewhere (staff pages) it is English.
export default async function NotFound() {
  const lang = await getPageLanguage();
  const t = createRecipientI18n(lang).getFixedT(lang);
  const page = (
    <main id="main" tabIndex={-1}>
      <h1>{t('notFound.title')}</h1>
      <div className="card">
        <p>{t('notFound.body')}</p>
        <p className="muted">{t('notFound.hint')}</p>
      </div>
    </main>
  );
  return (await isRecipientPage()) ? <RecipientChrome>{page}</RecipientChrome> : page;
}
