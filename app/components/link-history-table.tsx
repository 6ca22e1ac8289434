import type { LinkAccessEvent } from '@/lib/audit/link-access-history';

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
  SHARE_LINK_FORWARDED: 'Forwarded to a specialist',
  SHARE_LINK_UNLOCKED: 'Unlocked by the facility',
  SHARE_LINK_EXTENDED: 'Extended by the facility',
  SHARE_LINK_CREATE_REFUSED: 'Forwarding refused (no consent)',
};

/** A link's access history: when, what, the outcome, and from where. */
export function LinkHistoryTable({ events }: { events: LinkAccessEvent[] }) {
  return (
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
  );
}
