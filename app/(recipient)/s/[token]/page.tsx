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

export const dynamic = 'force-dynamic';

export default async function OpenShareLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
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
