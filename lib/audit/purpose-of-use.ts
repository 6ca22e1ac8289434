// Purpose of use, as HL7 v3 ActReason (PurposeOfUse) codes: what IHE BALP puts in
// AuditEvent.purposeOfEvent. Shares carry their purpose from the consent; staff
// work defaults by kind of action.
import type { LinkRecipientKind, SharePurpose } from '@/db/schema';
import type { AuditEventType } from './audit-event-types';

export const purposeOfUseCodes = {
  TREAT: 'treatment',
  PATRQT: 'patient requested',
  HRESCH: 'healthcare research',
  HOPERAT: 'healthcare operations',
  HCOMPL: 'health compliance',
  HSYSADMIN: 'healthcare system administration',
} as const;
export type PurposeOfUse = keyof typeof purposeOfUseCodes;

export const purposeOfUseSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** A link's purpose: the patient's own access is a patient request; a share has its consent's purpose. */
export function linkPurposeOfUse(recipientKind: LinkRecipientKind, purpose: SharePurpose | null): PurposeOfUse {
  if (recipientKind === 'patient' || !purpose) return 'PATRQT';
  return purpose === 'research' ? 'HRESCH' : 'TREAT';
}

/** What staff do, when the action names no purpose of its own. */
export function staffPurposeOfUse(type: AuditEventType): PurposeOfUse {
  switch (type) {
    case 'AUDIT_LOG_VIEWED':
    case 'AUDIT_LOG_EXPORTED':
      return 'HCOMPL';
    case 'USER_DEACTIVATED':
    case 'USER_REACTIVATED':
    case 'USER_ROLES_CHANGED':
    case 'IDENTITY_PROVIDER_CHANGED':
    case 'USER_CREATED':
    case 'ROLES_GRANTED':
    case 'EMAIL_DOMAIN_APPROVED':
      return 'HSYSADMIN';
    default:
      return 'HOPERAT';
  }
}

/** How a link's holder appears in the audit trail's role column. */
export function linkHolderRole(recipientKind: LinkRecipientKind): string {
  return recipientKind === 'patient' ? 'patient' : recipientKind === 'named' ? 'named_recipient' : 'link_holder';
}

/**
 * How an upload link's holder (an outside person or facility sending images) appears
 * in the role column. The actor type is `link` for both kinds of link; this tells them apart.
 */
export const uploadLinkHolderRole = 'outside_uploader';
