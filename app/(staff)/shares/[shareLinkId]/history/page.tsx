import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { requestContextFrom } from '@/lib/http/request-context';
import { isAppError } from '@/lib/errors';

// Plain words for the trail's event types a link collects.
const eventLabels: Record<string, string> = {
  SHARE_LINK_CREATED: 'Link created',
  SHARE_LINK_OPENED: 'Opened',
  SHARE_LINK_REJECTED: 'Refused',
  ACCESS_CHECK_FAILED: 'Wrong access check',
  SHARE_LINK_LOCKED: 'Locked after too many attempts',
  SHARE_LINK_REVOKED: 'Revoked',
  SHARED_STUDIES_LISTED: 'Study list shown',
  STUDY_VIEWED: 'Viewed',
  STUDY_DOWNLOADED: 'Downloaded',
  AUDIT_LOG_VIEWED: 'History looked at',
};

export default async function LinkHistoryPage({ params }: { params: Promise<{ shareLinkId: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { shareLinkId } = await params;
  const events = await linkAccessHistory(actor, shareLinkId, requestContextFrom(await headers())).catch((err) => {
    if (isAppError(err) && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  });
  return (
    <main>
      <h1>Access history of a share link</h1>
      <table data-testid="link-history">
        <thead><tr><th>When (UTC)</th><th>What</th><th>Outcome</th><th>From</th></tr></thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={i}>
              <td>{e.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
              <td>{eventLabels[e.type] ?? e.type}</td>
              <td>{e.outcome === 'success' ? 'OK' : `Refused${e.reason ? ` (${e.reason.replaceAll('_', ' ')})` : ''}`}</td>
              <td className="muted">{e.clientIp ?? '—'}<div>{e.userAgent?.slice(0, 80)}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
