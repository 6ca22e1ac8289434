import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { isAppError } from '@/lib/errors';
import { getRecipientT } from '@/lib/i18n/get-recipient-t';
import { forwardAction } from './actions';
import { ForwardForm } from './forward-form';

export const dynamic = 'force-dynamic';

export default async function ForwardPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const shared = await currentLinkActor(linkId)
    .then(async (actor) => listSharedStudies(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  if (!shared.canForward) notFound();
  // Whole days left on the patient's own link: a forwarded link may not outlive it.
  const maxDays = Math.floor((shared.linkExpiresAt.getTime() - new Date().getTime()) / 86_400_000);
  const { t } = await getRecipientT();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('forward.title')}</h1>
      {maxDays < 1 ? (
        <p className="card">{t('forward.tooShort')}</p>
      ) : (
        <ForwardForm
          action={forwardAction.bind(null, linkId)}
          studies={shared.studies.map((s) => ({ id: s.id, label: `${s.description || t('studies.descriptionFallback')} (${s.studyDate ?? t('studies.dateUnknown')})` }))}
          maxDays={maxDays}
        />
      )}
      <p><Link className="text-link" href={`/links/${linkId}`}>{t('forward.back')}</Link></p>
    </main>
  );
}
