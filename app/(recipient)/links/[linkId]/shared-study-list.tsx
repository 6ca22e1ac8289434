'use client';
// The recipient's study list. "View" opens the study in the viewer host (booted
// in the background since the access check); without JavaScript it is an
// ordinary link to the viewer page.
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import type { SharedStudy } from '@/lib/studies/list-shared-studies';
import { downloadPath } from '@/lib/http/viewer-url';
import { formatBytes, formatCalendarDate } from '@/lib/i18n/format';
import { isRecipientLanguage } from '@/lib/i18n/languages';
import { BootViewer, useViewerHost } from '../../viewer-host';

type Props = { linkId: string; studies: SharedStudy[]; allowDownload: boolean };

export function SharedStudyList({ linkId, studies, allowDownload }: Props) {
  const host = useViewerHost();
  const { t, i18n } = useTranslation();
  const lang = isRecipientLanguage(i18n.language) ? i18n.language : 'en';
  return (
    <>
      <BootViewer />
      <ul className="studies">
        {studies.map((s) => {
          // Named with the study, so a list of several reads "View: CT CHEST", not "View, View".
          const description = s.description || t('studies.descriptionFallback');
          return (
            <li key={s.id} data-testid="shared-study">
              <h2 className="study-title">{description}</h2>
              <div>{s.patientName || t('studies.patientFallback')}</div>
              <div>{s.modalities.join(', ')} · {s.studyDate ? formatCalendarDate(s.studyDate, lang) : t('studies.dateUnknown')}</div>
              <div className="muted">{t('studies.imageCount', { count: s.imageCount })} · {formatBytes(s.totalBytes, lang)}</div>
              <div className="actions">
                <Link
                  className="button"
                  href={`/links/${linkId}/studies/${s.id}`}
                  aria-label={`${t('studies.view')}: ${description}`}
                  prefetch={false}
                  onClick={(e) => {
                    e.preventDefault();
                    host.open({ linkId, studyId: s.id });
                  }}
                >
                  {t('studies.view')}
                </Link>
                {allowDownload ? (
                  <a className="button secondary" href={downloadPath(linkId, s.id)} download aria-label={`${t('studies.download')}: ${description}`}>
                    {t('studies.download')}
                  </a>
                ) : (
                  <span className="muted">{t('studies.viewOnly')}</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
