import type { LinkAccessEvent } from '@/lib/audit/link-access-history';

/** The words the table uses; staff pages get English, the patient's page their language. */
export type LinkHistoryWords = {
  when: string;
  what: string;
  outcome: string;
  from: string;
  event(type: string): string;
  result(event: LinkAccessEvent): string;
  at(date: Date): string;
};

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

const englishWords: LinkHistoryWords = {
  when: 'When (UTC)',
  what: 'What',
  outcome: 'Outcome',
  from: 'From',
  event: (type) => eventLabels[type] ?? type,
  result: (e) => (e.outcome === 'success' ? 'OK' : `Refused${e.reason ? ` (${e.reason.replaceAll('_', ' ')})` : ''}`),
  at: (d) => d.toISOString().replace('T', ' ').slice(0, 19),
};

/** A link's access history: when, what, the outcome, and from where. Stacks into cards on a phone. */
export function LinkHistoryTable({ events, words = englishWords }: { events: LinkAccessEvent[]; words?: LinkHistoryWords }) {
  return (
    <table data-testid="link-history" className="stack-table">
      <thead><tr><th scope="col">{words.when}</th><th scope="col">{words.what}</th><th scope="col">{words.outcome}</th><th scope="col">{words.from}</th></tr></thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={i}>
            <td data-label={words.when}>{words.at(e.at)}</td>
            <td data-label={words.what}>{words.event(e.type)}</td>
            <td data-label={words.outcome}>{words.result(e)}</td>
            <td data-label={words.from} className="muted">{e.clientIp ?? '—'}<div className="user-agent">{e.userAgent?.slice(0, 80)}</div></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
