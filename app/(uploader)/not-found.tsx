import { headers } from 'next/headers';
import { LinkNotAvailable } from '@/app/components/recipient/link-not-available';
import { facilityContactForRefusedLinkPath } from '@/lib/facilities/contact-for-refused-link';
import { recipientPathHeader } from '@/lib/http/recipient-path';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';

// notFound() on an upload link page: the same words as for any link, inside the chrome.
// A link that exists but cannot be opened names its facility; an unknown token names none.
export default async function UploaderNotFound() {
  const [{ t }, contact] = await Promise.all([getRecipientT(), facilityContactForRefusedLinkPath((await headers()).get(recipientPathHeader))]);
  return <LinkNotAvailable t={t} contact={contact} />;
}
