'use client';
// What a page shows when it fails in the browser (an action that could not reach
// the server, a bug), instead of Next's bare "Application error": plain words, the
// reference Next logged a server error under, and a reload that shows what the
// server holds now.
type Props = { title: string; body: string; reload: string; reference?: string };

export function PageFailed({ title, body, reload, reference }: Props) {
  return (
    <main id="main" tabIndex={-1}>
      <h1>{title}</h1>
      <div className="card" role="alert">
        <p>{body}</p>
        {reference && <p className="muted">{reference}</p>}
        <button type="button" onClick={() => window.location.reload()}>{reload}</button>
      </div>
    </main>
  );
}
