'use client';
// The recipient's study list, with the viewer booting out of sight while they
// read it. OHIF's start-up (~2-3 s on a small machine) is most of the time to
// first image, so "View" does not load a page: it routes the already running
// viewer to the study (a history change inside the iframe, which OHIF's router
// follows) and shows it. If the viewer is not ready, "View" is an ordinary link.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { SharedStudy } from '@/lib/studies/list-shared-studies';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';

type Props = { linkId: string; studies: SharedStudy[] };

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(n / 1e6))} MB`;
}

export function SharedStudyList({ linkId, studies }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [bootViewer, setBootViewer] = useState(false);
  const [viewerReady, setViewerReady] = useState(false);
  const [openStudyId, setOpenStudyId] = useState<string | null>(null);

  useEffect(() => {
    // Start the viewer once this page is up, so it never competes with the list itself.
    const start = () => setBootViewer(true);
    if ('requestIdleCallback' in window) {
      const id = window.requestIdleCallback(start, { timeout: 500 });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(start, 50);
    return () => clearTimeout(id);
  }, []);

  useEffect(() => {
    const onBack = () => setOpenStudyId(null);
    window.addEventListener('popstate', onBack);
    return () => window.removeEventListener('popstate', onBack);
  }, []);

  function view(event: React.MouseEvent, studyId: string) {
    const viewer = frame.current?.contentWindow;
    if (!viewerReady || !viewer) return; // the link navigates to the viewer page instead
    event.preventDefault();
    viewer.history.pushState({}, '', viewerPath(linkId, studyId));
    viewer.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    window.history.pushState({ studyId }, '', `/links/${linkId}/studies/${studyId}`);
    setOpenStudyId(studyId);
  }

  function close() {
    if (window.history.state?.studyId) window.history.back();
    else setOpenStudyId(null);
  }

  return (
    <>
      <ul className="studies">
        {studies.map((s) => (
          <li key={s.id} data-testid="shared-study">
            <strong>{s.patientName || 'Patient'}</strong>
            <div>{s.description || 'Imaging study'} · {s.modalities.join(', ')} · {s.studyDate ?? 'date unknown'}</div>
            <div className="muted">{s.imageCount} images · {formatBytes(s.totalBytes)}</div>
            <div className="actions">
              <Link className="button" href={`/links/${linkId}/studies/${s.id}`} onClick={(e) => view(e, s.id)} prefetch={false}>
                View
              </Link>
              <a className="button secondary" href={downloadPath(linkId, s.id)} download>Download (CD copy, ZIP)</a>
            </div>
          </li>
        ))}
      </ul>
      <div className={openStudyId ? 'viewer-overlay open' : 'viewer-overlay'} aria-hidden={!openStudyId}>
        {openStudyId && (
          <div className="actions viewer-bar">
            <button type="button" className="secondary" onClick={close}>← All shared studies</button>
            <a className="button secondary" href={downloadPath(linkId, openStudyId)} download>Download (CD copy, ZIP)</a>
            <span className="notice">For viewing and sharing; not a replacement for diagnostic review on certified equipment.</span>
          </div>
        )}
        {bootViewer && (
          <iframe
            ref={frame}
            className="viewer-frame"
            title="Image viewer"
            src="/viewer/"
            tabIndex={openStudyId ? 0 : -1}
            onLoad={() => setViewerReady(true)}
            sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
            allow="fullscreen"
          />
        )}
      </div>
    </>
  );
}
