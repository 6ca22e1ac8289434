import { LinkNotAvailable } from '@/app/components/recipient/link-not-available';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';

// notFound() on a link page: rendered inside the recipient layout (its chrome and language switch).
export default async function RecipientNotFound() {
  const { t } = await getRecipientT();
  return <LinkNotAvailable t={t} />;
}
