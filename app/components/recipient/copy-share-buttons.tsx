'use client';
// Copy and Share for what a patient hands on (a forwarded link and its code). Copy
// uses the clipboard API, or where there is none (an insecure origin, an old
// browser) selects the text so the phone's own copy works; Share opens the
// device's share sheet where the browser has one (navigator.share), and is not
// offered otherwise. Both appear only once the script runs: without it they could do nothing.
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  /** What Copy puts on the clipboard and Share sends: the link and its code, with a line of explanation. */
  text: string;
  /** The element holding the text on screen, selected when the clipboard cannot be written. */
  selectTarget: () => HTMLElement | null;
};

type Outcome = 'copied' | 'selected' | null;

/** What the browser offers does not change while the page is open. */
const noSubscription = () => () => {};

export function CopyShareButtons({ text, selectTarget }: Props) {
  const { t } = useTranslation();
  // Nothing on the server's drawing (no script yet); on the client, what this browser offers.
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  const canShare = useSyncExternalStore(noSubscription, () => typeof navigator.share === 'function' && (navigator.canShare?.({ text }) ?? true), () => false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (!ready) return null;

  function selectForManualCopy() {
    const target = selectTarget();
    const selection = window.getSelection();
    if (target && selection) {
      selection.selectAllChildren(target);
      setOutcome('selected');
    }
  }

  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      selectForManualCopy();
    }
  }

  async function share() {
    try {
      await navigator.share({ title: t('forward.shareTitle'), text });
    } catch (err) {
      // Closing the share sheet is not a failure; anything else falls back to copying.
      if ((err as Error).name !== 'AbortError') await copy();
    }
  }

  return (
    <>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>{outcome === 'copied' ? t('forward.copied') : t('forward.copy')}</button>
        {canShare && (
          <button type="button" className="secondary" onClick={() => void share()}>{t('forward.share')}</button>
        )}
      </div>
      <p role="status" className="muted">
        {outcome === 'copied' ? t('forward.copiedNote') : outcome === 'selected' ? t('forward.selectedNote') : ''}
      </p>
    </>
  );
}
