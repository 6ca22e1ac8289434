'use client';
// The viewer page on its own (a reload while viewing, or a shared bookmark): OHIF
// in its frame, or on a small screen the small viewer (same rule as the viewer
// host, decided once when the page starts; lib/viewer/phone/small-screen.ts).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';
import { isSmallScreen } from '@/lib/viewer/phone/small-screen';
import { PhoneViewer } from '../../../../phone-viewer';

const decidedOnce = () => () => {};

export function StudyViewer({ linkId, studyId }: { linkId: string; studyId: string }) {
  const { t } = useTranslation();
  const router = useRouter();
  // null on the server and in the first client render: neither viewer starts before the choice.
  const small = useSyncExternalStore(decidedOnce, isSmallScreen, () => null);
  if (small) {
    return (
      <div className="viewer-overlay open small">
        <PhoneViewer linkId={linkId} studyId={studyId} onClose={() => router.push(`/links/${linkId}`)} />
      </div>
    );
  }
  return (
    <>
      <div className="actions" style={{ marginTop: 0, marginBottom: '.75rem', alignItems: 'center' }}>
        <Link className="button secondary" href={`/links/${linkId}`}>{t('studies.backToList')}</Link>
        <a className="button secondary" href={downloadPath(linkId, studyId)} download>{t('studies.download')}</a>
        <span className="notice">{t('studies.notice')}</span>
      </div>
      <iframe
        className="viewer-frame"
        title={t('studies.viewerTitle')}
        src={small === false ? viewerPath(linkId, studyId) : undefined}
        sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
        allow="fullscreen"
      />
    </>
  );
}
