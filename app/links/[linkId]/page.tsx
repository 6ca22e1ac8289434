import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { downloadPath } from '@/lib/http/viewer-url';
import { listSharedStudies } from '@/lib/studies/list-shared-studies';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(n / 1e6))} MB`;
}

export default async function SharedStudiesPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const result = await currentLinkActor(linkId)
    .then(async (actor) => listSharedStudies(actor, requestContextFrom(await headers())))
    .catch((err) => {
      if (isAppError(err) && err.status === 404) notFound();
      throw err;
    });
  return (
    <main>
      <h1>Your shared imaging</h1>
      <p className="muted">Available until {result.linkExpiresAt.toLocaleString('en-GB', { timeZone: 'UTC' })} UTC.</p>
      <ul className="studies">
        {result.studies.map((s) => (
          <li key={s.id} data-testid="shared-study">
            <strong>{s.patientName || 'Patient'}</strong>
            <div>{s.description || 'Imaging study'} · {s.modalities.join(', ')} · {s.studyDate ?? 'date unknown'}</div>
            <div className="muted">{s.imageCount} images · {formatBytes(s.totalBytes)}</div>
            <div className="actions">
              <Link className="button" href={`/links/${linkId}/studies/${s.id}`}>View</Link>
              <a className="button secondary" href={downloadPath(linkId, s.id)} download>Download (CD copy, ZIP)</a>
            </div>
          </li>
        ))}
      </ul>
      {/* Warm the viewer's code while the recipient reads this page: it is what costs seconds. */}
      <iframe className="preload-frame" src="/viewer/index.html" title="viewer preload" aria-hidden="true" tabIndex={-1} />
    </main>
  );
}
