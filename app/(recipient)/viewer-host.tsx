'use client';
// Hosts the embedded viewer for a recipient's pages. OHIF's start-up (~1.5 s of
// JavaScript on a small machine) is most of the time to first image, so the
// viewer boots out of sight as soon as a recipient page asks for it — already on
// the access-check page, while the code is being typed — and survives the
// client-side navigation to the study list. "View" then routes the running viewer
// to the study (a history change inside the iframe, which OHIF's router follows).
// No patient data is loaded until then: the booted viewer has no manifest.
// On a small screen (lib/viewer/phone/small-screen.ts, decided when the study is
// opened) "View" shows our own small viewer instead (phone-viewer.tsx): OHIF's
// desktop layout leaves a phone a sliver of image. There OHIF is not booted at all;
// only the small viewer's engine is fetched ahead.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadPath, viewerPath } from '@/lib/http/viewer-url';
import { isSmallScreen } from '@/lib/viewer/phone/small-screen';
import { PhoneViewer } from './phone-viewer';

type Open = { linkId: string; studyId: string };
type Opened = Open & { small: boolean };
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
  // A ref, not state: the viewer's load event and a press on View can arrive in
  // the same moment (the viewer boots on this page's main thread, so the re-render
  // a state change asks for waits behind its start-up while the press does not). A
  // View handler from the render before the load would then see "not loaded",
  // park its study in `pending` after onLoad had already emptied it, and nothing
  // would ever route the viewer.
  const ready = useRef(false);
  const [opened, setOpened] = useState<Opened | null>(null);
  const pending = useRef<Open | null>(null);
  const overlay = useRef<HTMLDivElement>(null);
  const backButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const { t } = useTranslation();

  const route = useCallback((target: Open) => {
    const viewer = frame.current?.contentWindow;
    if (!viewer) return;
    // replaceState, not pushState: a same-origin iframe's entries join the page's
    // session history, so a pushed entry would make "Back" (and closing the
    // viewer, which goes back) return the iframe to its start instead of closing it.
    viewer.history.replaceState({}, '', viewerPath(target.linkId, target.studyId));
    viewer.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, []);

  const requestBoot = useCallback(() => {
    if (isSmallScreen()) {
      preloadPhoneEngine();
      return;
    }
    // After the page itself is up, so the viewer never competes with it.
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => setBoot(true), { timeout: 300 });
    else setTimeout(() => setBoot(true), 50);
  }, []);

  const open = useCallback(
    (target: Open) => {
      if (document.activeElement instanceof HTMLElement) returnFocus.current = document.activeElement;
      const small = isSmallScreen();
      setOpened({ ...target, small });
      window.history.pushState({ scanshareViewer: true }, '', `/links/${target.linkId}/studies/${target.studyId}`);
      if (small) return;
      setBoot(true);
      // Clicked before the viewer finished loading: route it as soon as it has.
      if (ready.current) route(target);
      else pending.current = target;
    },
    [route],
  );

  useEffect(() => {
    const onBack = () => setOpened(null);
    window.addEventListener('popstate', onBack);
    return () => window.removeEventListener('popstate', onBack);
  }, []);

  // While the viewer is shown it is the page: focus moves to its first control,
  // everything behind it is inert (out of the Tab order and the accessibility
  // tree), and closing it returns focus to the "View" that opened it.
  useEffect(() => {
    const shown = overlay.current;
    if (!opened || !shown) return;
    const behind = Array.from(document.body.children).filter((el): el is HTMLElement => el instanceof HTMLElement && el !== shown && !el.contains(shown));
    for (const el of behind) el.inert = true;
    backButton.current?.focus();
    return () => {
      for (const el of behind) el.inert = false;
      if (returnFocus.current?.isConnected) returnFocus.current.focus();
      returnFocus.current = null;
    };
  }, [opened]);

  function onLoad() {
    ready.current = true;
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
      <div ref={overlay} className={['viewer-overlay', opened && 'open', opened?.small && 'small'].filter(Boolean).join(' ')} aria-hidden={!opened}>
        {opened?.small && <PhoneViewer linkId={opened.linkId} studyId={opened.studyId} onClose={close} />}
        {opened && !opened.small && (
          <div className="actions viewer-bar">
            <button ref={backButton} type="button" className="secondary" onClick={close}>{t('studies.backToList')}</button>
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
            tabIndex={opened && !opened.small ? 0 : -1}
            hidden={opened?.small}
            onLoad={onLoad}
            sandbox="allow-scripts allow-same-origin allow-popups allow-downloads"
            allow="fullscreen"
          />
        )}
      </div>
    </ViewerHostContext.Provider>
  );
}

/** Fetches the small viewer's engine while the recipient types the code (parsed only when opened). */
function preloadPhoneEngine() {
  if (document.querySelector('link[data-phone-viewer-preload]')) return;
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.href = '/phone-viewer/phone-viewer.js';
  link.dataset.phoneViewerPreload = '';
  document.head.appendChild(link);
}

/** Put on a recipient page to start the viewer's boot in the background. */
export function BootViewer() {
  const { requestBoot } = useViewerHost();
  useEffect(() => requestBoot(), [requestBoot]);
  return null;
}
