import { LinkNotAvailable } from '@/app/components/recipient/link-not-available';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';

// notFound() on an upload link page: the same words as for any link, inside the chrome.
export default async function UploaderNotFound() {
  const { t } = await getRecipientT();
  return <LinkNotAvailable t={t} />;
}
