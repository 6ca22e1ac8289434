'use client';
// Hosts the embedded viewer for a recipient's pages. OHIF's start-up (~1.5 s of
// JavaScript on a small machine) is most of the time to first image, so the
// viewer boots out of sight as soon as a recipient page asks for it — already on
// the access-check page, while the code is being typed — and survives the
// client-side navigation to the study list. "View" then routes the running viewer
// to the study (a history change inside the iframe, which OHIF's router follows).
// No patient data is loaded until then: the booted viewer has no manifest.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';

type Open = { linkId: string; studyId: string };
type ViewerHost = { requestBoot(): void; open(target: Open): void };

const ViewerHostContext = createContext<ViewerHost | null>(null);

export function useViewerHost(): ViewerHost {
  const host = useContext(ViewerHostContext);
  if (!host) throw new Error('useViewerHost outside ViewerHostProvider');
  return host;
}

export function ViewerHostProvider({ children }: { children: React.ReactNode }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [boot, setBoot] = useState(false);
  const [ready, setReady] = useState(false);
  const [opened, setOpened] = useState<Open | null>(null);
  const pending = useRef<Open | null>(null);
  const { t } = useTranslation();

  const route = useCallback((target: Open) => {
    const viewer = frame.current?.contentWindow;
    if (!viewer) return;
    viewer.history.pushState({}, '', viewerPath(target.linkId, target.studyId));
    viewer.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, []);

  const requestBoot = useCallback(() => {
    // After the page itself is up, so the viewer never competes with it.
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => setBoot(true), { timeout: 300 });
    else setTimeout(() => setBoot(true), 50);
  }, []);

  const open = useCallback(
    (target: Open) => {
      setBoot(true);
      setOpened(target);
      window.history.pushState({ scanshareViewer: true }, '', `/links/${target.linkId}/studies/${target.studyId}`);
      // Clicked before the viewer finished loading: route it as soon as it has.
      if (ready) route(target);
      else pending.current = target;
    },
    [ready, route],
  );

  useEffect(() => {
    const onBack = () => setOpened(null);
    window.addEventListener('popstate', onBack);
    return () => window.removeEventListener('popstate', onBack);
  }, []);

  function onLoad() {
    setReady(true);
    if (pending.current) {
      route(pending.current);
      pending.current = null;
    }
  }

  function close() {
    if (window.history.state?.scanshareViewer) window.history.back();
    else setOpened(null);
  }

  return (
    <ViewerHostContext.Provider value={{ requestBoot, open }}>
      {children}
      <div className={opened ? 'viewer-overlay open' : 'viewer-overlay'} aria-hidden={!opened}>
        {opened && (
          <div className="actions viewer-bar">
            <button type="button" className="secondary" onClick={close}>{t('studies.backToList')}</button>
            <a className="button secondary" href={downloadPath(opened.linkId, opened.studyId)} download>{t('studies.download')}</a>
            <span className="notice">{t('studies.notice')}</span>
          </div>
        )}
        {boot && (
          <iframe
            ref={frame}
            className="viewer-frame"
            title={t('studies.viewerTitle')}
            src="/viewer/"
            tabIndex={opened ? 0 : -1}
            onLoad={onLoad}
            sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
            allow="fullscreen"
          />
        )}
      </div>
    </ViewerHostContext.Provider>
  );
}

/** Put on a recipient page to start the viewer's boot in the background. */
export function BootViewer() {
  const { requestBoot } = useViewerHost();
  useEffect(() => requestBoot(), [requestBoot]);
  return null;
}
