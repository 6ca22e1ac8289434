'use client';
// The small-screen viewer: one series at full size on a phone, fed by the same
// manifest and presigned URLs as OHIF. This component owns the page (labels in the
// recipient's language, series picker, touch mode, close); the Cornerstone3D
// engine is a separate browser bundle (public/phone-viewer/, built by
// lib/viewer/phone/build-phone-viewer.ts) loaded only when a study is opened.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { manifestPath } from '@/lib/http/viewer-url';
import type { PhoneViewerEngine, PhoneViewerModule, TouchMode } from '@/lib/viewer/phone/engine-types';
import { middleSliceIndex, phoneSeriesFrom, refreshPageUrl, type PhoneSeries } from '@/lib/viewer/phone/manifest-series';
import { clockBehindMs, refreshUrlFor } from '@/lib/viewer/refresh-url';

const ENGINE_BASE = '/phone-viewer/';

function loadEngine(): Promise<PhoneViewerModule> {
  const url = new URL(`${ENGINE_BASE}phone-viewer.js`, window.location.origin).href;
  // A native import of a static file, not a bundled module (see build-phone-viewer.ts).
  return import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url) as Promise<PhoneViewerModule>;
}

type Props = { linkId: string; studyId: string; onClose(): void };
type Slice = { index: number; total: number };

export function PhoneViewer({ linkId, studyId, onClose }: Props) {
  const { t } = useTranslation();
  const stage = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const engine = useRef<PhoneViewerEngine | null>(null);
  const [series, setSeries] = useState<PhoneSeries[]>([]);
  const [seriesIndex, setSeriesIndex] = useState(0);
  const [slice, setSlice] = useState<Slice | null>(null);
  const [mode, setMode] = useState<TouchMode>('scroll');
  const [failed, setFailed] = useState(false);

  useEffect(() => closeButton.current?.focus(), []);

  // Manifest and engine side by side; the first series opens on its middle slice.
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    let cancelled = false;
    let created: PhoneViewerEngine | null = null;
    const manifest = manifestPath(linkId, studyId);
    (async () => {
      const [response, module] = await Promise.all([
        fetch(manifest, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' }),
        loadEngine(),
      ]);
      if (!response.ok) throw new Error(`manifest ${response.status}`);
      const behindMs = clockBehindMs(response.headers.get('date'), Date.now());
      const list = phoneSeriesFrom(await response.json());
      if (cancelled || list.length === 0) throw new Error('no image series');
      const pageUrl = refreshPageUrl(window.location.origin, manifest);
      created = await module.createPhoneViewer(element, {
        assetBase: new URL(ENGINE_BASE, window.location.origin).href,
        onSlice: (index, total) => setSlice({ index, total }),
        rewriteUrl: (url) => refreshUrlFor(url, { pageUrl, nowMs: Date.now() + behindMs }),
      });
      if (cancelled) return created.destroy();
      engine.current = created;
      setSeries(list);
      await created.showSeries(list[0]!.imageIds, middleSliceIndex(list[0]!.imageIds.length));
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      engine.current = null;
      created?.destroy();
    };
  }, [linkId, studyId]);

  const pickSeries = useCallback(
    (index: number) => {
      const chosen = series[index];
      if (!chosen || !engine.current) return;
      setSeriesIndex(index);
      engine.current.showSeries(chosen.imageIds, middleSliceIndex(chosen.imageIds.length)).catch(() => setFailed(true));
    },
    [series],
  );

  function toggleMode() {
    const next: TouchMode = mode === 'scroll' ? 'contrast' : 'scroll';
    setMode(next);
    engine.current?.setMode(next);
  }

  // The keyboard does what a swipe does: arrows step through the slices.
  function onKeyDown(event: React.KeyboardEvent) {
    if (!slice || !engine.current) return;
    const step = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = Math.min(slice.total - 1, Math.max(0, slice.index + step));
    void engine.current.scrollTo(next);
  }

  const seriesLabel = (s: PhoneSeries, i: number) =>
    t('phoneViewer.seriesOption', { number: s.number ?? i + 1, description: s.description || s.modality || t('studies.descriptionFallback'), count: s.imageIds.length });
  const sliceText = slice ? t('phoneViewer.slice', { index: slice.index + 1, total: slice.total }) : t('phoneViewer.loading');

  return (
    <div className="phone-viewer" role="dialog" aria-modal="true" aria-label={t('studies.viewerTitle')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="phone-viewer-bar">
        <button ref={closeButton} type="button" className="secondary" onClick={onClose} aria-label={t('phoneViewer.close')}>
          {t('phoneViewer.closeShort')}
        </button>
        {series.length > 1 && (
          <select aria-label={t('phoneViewer.series')} value={seriesIndex} onChange={(e) => pickSeries(Number(e.target.value))}>
            {series.map((s, i) => (
              <option key={s.uid} value={i}>{seriesLabel(s, i)}</option>
            ))}
          </select>
        )}
        <button type="button" className="secondary" aria-pressed={mode === 'contrast'} aria-label={t('phoneViewer.contrastMode')} onClick={toggleMode}>
          {t('phoneViewer.contrastShort')}
        </button>
        <button type="button" className="secondary" aria-label={t('phoneViewer.reset')} onClick={() => engine.current?.reset()}>
          <span aria-hidden="true">⟲</span>
        </button>
      </div>
      <div
        ref={stage}
        className="phone-viewer-stage"
        data-testid="phone-viewer-stage"
        tabIndex={0}
        role="img"
        aria-roledescription={t('phoneViewer.roleDescription')}
        aria-label={`${series[seriesIndex] ? seriesLabel(series[seriesIndex]!, seriesIndex) : t('studies.viewerTitle')}. ${sliceText}. ${t(mode === 'scroll' ? 'phoneViewer.hintScroll' : 'phoneViewer.hintContrast')}`}
        onKeyDown={onKeyDown}
      />
      <div className="phone-viewer-foot">
        {failed ? (
          <span role="alert">{t('phoneViewer.failed')}</span>
        ) : (
          <>
            <span data-testid="phone-viewer-slice" data-slice-index={slice?.index} data-slice-total={slice?.total}>{sliceText}</span>
            <span className="muted">{t(mode === 'scroll' ? 'phoneViewer.hintScroll' : 'phoneViewer.hintContrast')}</span>
          </>
        )}
      </div>
    </div>
  );
}
