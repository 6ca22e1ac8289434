import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { LinkHistoryTable } from '@/app/components/link-history-table';
import { linkAccessHistoryForPatient } from '@/lib/audit/link-access-history';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { isAppError } from '@/lib/errors';
import { historyWords } from './history-words';

export const dynamic = 'force-dynamic';

// The patient sees who used their link: when it was opened, viewed or downloaded, and from where.
export default async function PatientLinkHistoryPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const events = await currentLinkActor(linkId)
    .then(async (actor) => linkAccessHistoryForPatient(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  const { t, lang } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('history.title')}</h1>
      <p className="muted">{t('history.intro')}</p>
      <LinkHistoryTable events={events} words={historyWords(t, lang)} />
      <p><Link className="text-link" href={`/links/${linkId}`}>{t('history.back')}</Link></p>
    </main>
  );
}
