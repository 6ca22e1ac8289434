import type { TFunction } from 'i18next';
import type { FacilityContact } from '@/lib/facilities/facility-contact';
import { FacilityContactCard } from './facility-contact-card';

// What a visitor sees for an expired, revoked or locked link — the same words for
// all, so they cannot be told apart; the audit log records which it was. For a link
// that exists, the facility that shared it is named with its contact details (the
// visitor holds the link); for an unknown token, nothing is named.
export function LinkNotAvailable({ t, contact }: { t: TFunction; contact?: FacilityContact | null }) {
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('notFound.title')}</h1>
      <div className="card">
        <p>{t('notFound.body')}</p>
        <p className="muted">{contact ? t('facilityContact.hintKnown', { facility: contact.name }) : t('notFound.hint')}</p>
      </div>
      {contact && <FacilityContactCard t={t} contact={contact} />}
    </main>
  );
}
