import type { TFunction } from 'i18next';
import { telHref, type FacilityContact } from '@/lib/facilities/facility-contact';

// Who shared the link and how to reach them, on every recipient page. The details
// are a facility admin's plain text: rendered as text (React escapes it), line
// breaks kept by CSS, never as HTML.
export function FacilityContactCard({ t, contact }: { t: TFunction; contact: FacilityContact }) {
  const text = { whiteSpace: 'pre-line', overflowWrap: 'anywhere' } as const;
  return (
    <aside className="card" aria-labelledby="facility-contact-title" data-testid="facility-contact">
      <h2 id="facility-contact-title" style={{ fontSize: '1rem', margin: 0 }}>{t('facilityContact.sharedBy', { facility: contact.name })}</h2>
      {contact.phone && (
        <p style={{ margin: '.25rem 0 0' }}>
          {t('facilityContact.phone')} <a href={telHref(contact.phone)} data-testid="facility-phone">{contact.phone}</a>
        </p>
      )}
      {contact.address && (
        <p style={{ margin: '.25rem 0 0', ...text }}>
          {t('facilityContact.address')} <span data-testid="facility-address">{contact.address}</span>
        </p>
      )}
      {contact.helpText && <p className="muted" style={{ margin: '.25rem 0 0', ...text }} data-testid="facility-help">{contact.helpText}</p>}
      {!contact.phone && !contact.address && !contact.helpText && <p className="muted" style={{ margin: '.25rem 0 0' }}>{t('facilityContact.askThem')}</p>}
    </aside>
  );
}
