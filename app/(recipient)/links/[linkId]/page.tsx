import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { formatDateTimeUtc } from '@/lib/i18n/format';
import { isAppError } from '@/lib/errors';
import { SharedStudyList } from './shared-study-list';
import { FacilityContactCard } from '@/app/components/recipient/facility-contact-card';

export const dynamic = 'force-dynamic';

export default async function SharedStudiesPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const result = await currentLinkActor(linkId)
    .then(async (actor) => listSharedStudies(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  const { t, lang } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('studies.title')}</h1>
      <p className="muted">{t('studies.availableUntil', { date: formatDateTimeUtc(result.linkExpiresAt, lang) })}</p>
      {result.noteToRecipient && (
        <p className="card" data-testid="note-to-recipient">
          <strong>{t('studies.noteFromFacility')}</strong> {result.noteToRecipient}
        </p>
      )}
      <SharedStudyList linkId={linkId} studies={result.studies} allowDownload={result.allowDownload} />
      {(result.canForward || result.canSeeHistory) && (
        <p className="actions">
          {result.canForward && <Link className="button secondary" href={`/links/${linkId}/forward`}>{t('studies.forwardLink')}</Link>}
          {result.canSeeHistory && <Link className="text-link" href={`/links/${linkId}/history`}>{t('studies.historyLink')}</Link>}
        </p>
      )}
      <FacilityContactCard t={t} contact={result.facility} />
    </main>
  );
}
