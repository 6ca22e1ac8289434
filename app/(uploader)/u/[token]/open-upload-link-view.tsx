// The access check of an upload link: shared by /u/open (the token from its cookie) and /u/<token>.
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { lookUpUploadLink } from '@/lib/upload-links/open-upload-link';
import { checkUploadAccessAction } from './actions';
import { AccessCheckForm } from '@/app/components/access-check-form';
import { FacilityContactCard } from '@/app/components/recipient/facility-contact-card';

/** The access check of the upload link `token` (from the page's cookie, or a token path reached without the proxy). */
export async function OpenUploadLinkView({ token }: { token: string }) {
  const link = await lookUpUploadLink(token, requestContextFrom(await headers())).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  const { t } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('upload.title', { facility: link.facility.name })}</h1>
      <p>{t('upload.intro', { facility: link.facility.name })}</p>
      <AccessCheckForm kind={link.accessCheckKind} action={checkUploadAccessAction.bind(null, token)} words="upload" birthDateAutoComplete="off" />
      <FacilityContactCard t={t} contact={link.facility} />
    </main>
  );
}
