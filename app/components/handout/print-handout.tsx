'use client';
// "Print handout" on the "Link created" panel.
//
// Where the token goes (a design choice): the link's token is shown once and
// only its hash is stored, so the handout is built from what this tab already
// holds — the action's result in React state — and nowhere else. The button
// opens a same-page preview (a modal <dialog>, portalled to <body> so print CSS
// can hide everything else) and the QR code is computed here in the browser.
// No request carries the token: no new page is loaded (a URL with it could end
// up in a server or proxy log, the history or a Referer), no POST sends it back,
// and nothing is written to sessionStorage/localStorage (which outlive the
// panel and are copied into tabs opened from it). Closing the preview drops it.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { ShareHandout, type HandoutData } from './share-handout';
import './handout.css';

export function PrintHandout({ handout }: { handout: HandoutData }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) dialog.current?.showModal();
  }, [open]);

  function closed() {
    setOpen(false);
    opener.current?.focus();
  }

  return (
    <>
      <button ref={opener} type="button" className="secondary" onClick={() => setOpen(true)}>
        Print handout
      </button>
      {open &&
        createPortal(
          <dialog ref={dialog} className="handout-dialog" aria-label="Handout for the patient" onClose={closed}>
            <div className="handout-toolbar">
              <button type="button" onClick={() => window.print()} autoFocus>Print</button>
              <button type="button" className="secondary" onClick={() => dialog.current?.close()}>Close</button>
              <p className="muted">Fits one A4 or Letter page. Give it only to the patient.</p>
            </div>
            <ShareHandout data={handout} />
          </dialog>,
          document.body,
        )}
    </>
  );
}
