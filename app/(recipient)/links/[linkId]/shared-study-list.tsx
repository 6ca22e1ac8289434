'use client';
// The recipient's study list. "View" opens the study in the viewer host (booted
// in the background since the access check); without JavaScript it is an
// ordinary link to the viewer page.
import Link from 'next/link';
import type { SharedStudy } from '@/lib/studies/list-shared-studies';
import { downloadPath } from '@/lib/http/viewer-url';
import { BootViewer, useViewerHost } from '../../viewer-host';

type Props = { linkId: string; studies: SharedStudy[]; allowDownload: boolean };

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(n / 1e6))} MB`;
}

export function SharedStudyList({ linkId, studies, allowDownload }: Props) {
  const host = useViewerHost();
  return (
    <>
      <BootViewer />
      <ul className="studies">
        {studies.map((s) => (
          <li key={s.id} data-testid="shared-study">
            <strong>{s.patientName || 'Patient'}</strong>
            <div>{s.description || 'Imaging study'} · {s.modalities.join(', ')} · {s.studyDate ?? 'date unknown'}</div>
            <div className="muted">{s.imageCount} images · {formatBytes(s.totalBytes)}</div>
            <div className="actions">
              <Link
                className="button"
                href={`/links/${linkId}/studies/${s.id}`}
                prefetch={false}
                onClick={(e) => {
                  e.preventDefault();
                  host.open({ linkId, studyId: s.id });
                }}
              >
                View
              </Link>
              {allowDownload ? (
                <a className="button secondary" href={downloadPath(linkId, s.id)} download>Download (CD copy, ZIP)</a>
              ) : (
                <span className="muted">View only: ask the facility for a copy.</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
