// The access check of a share link: shared by /s/open (the token from its cookie) and /s/<token>.
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { lookUpShareLink } from '@/lib/shares/open-share-link';
import { requestContextFrom } from '@/lib/http/request-context';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { isAppError } from '@/lib/errors';
import { checkAccessAction, sendCodeAction } from './actions';
import { SendCodeButton } from './send-code-button';
import { AccessCheckForm } from '@/app/components/access-check-form';
import { BootViewer } from '../../viewer-host';
import { FacilityContactCard } from '@/app/components/recipient/facility-contact-card';

/** The access check of the share link `token` (from the page's cookie, or a token path reached without the proxy). */
export async function OpenShareLinkView({ token }: { token: string }) {
  const link = await lookUpShareLink(token, requestContextFrom(await headers())).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  const { t } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('accessCheck.title')}</h1>
      <p>{t('accessCheck.intro')}</p>
      {link.codeSentTo && <SendCodeButton action={sendCodeAction.bind(null, token)} maskedEmail={link.codeSentTo} />}
      <AccessCheckForm kind={link.accessCheckKind} action={checkAccessAction.bind(null, token)} words="accessCheck" birthDateAutoComplete="bday">
        {/* The viewer starts booting while the code is typed (app/(recipient)/viewer-host.tsx). */}
        <BootViewer />
      </AccessCheckForm>
      <FacilityContactCard t={t} contact={link.facility} />
    </main>
  );
}
