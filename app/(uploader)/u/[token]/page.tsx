import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { lookUpUploadLink } from '@/lib/upload-links/open-upload-link';
import { checkUploadAccessAction } from './actions';
import { AccessCheckForm } from '@/app/components/access-check-form';
import { FacilityContactCard } from '@/app/components/recipient/facility-contact-card';

export const dynamic = 'force-dynamic';

export default async function OpenUploadLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
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
