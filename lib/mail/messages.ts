// The e-mails ScanShare sends, as plain text. Patient data never goes beyond
// initials; a link's access code is never in the same message as the link.
// Every message to a recipient names the facility behind the link and how to
// reach it (lib/facilities/facility-contact.ts), so it cannot pass for phishing.
import type { AccessCheckKind } from '@/lib/shares/access-check';
import { facilityContactLines, type FacilityContact } from '@/lib/facilities/facility-contact';

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export function linkMessage(m: {
  facility: FacilityContact;
  patientInitials: string;
  url: string;
  accessCheckKind: AccessCheckKind;
  expiresAt: Date;
  note: string | null;
}) {
  const check =
    m.accessCheckKind === 'birth_date'
      ? "You will be asked for the patient's date of birth."
      : m.accessCheckKind === 'code'
        ? 'You will be asked for the 8-digit access code the facility gave you separately (it is not in this e-mail).'
        : 'When you open the link, we will e-mail a one-time code to this address.';
  const facilityName = m.facility.name;
  return {
    subject: `Imaging studies shared with you by ${facilityName}`,
    text: [
      `${facilityName} has shared imaging studies (patient ${m.patientInitials}) with you through ScanShare.`,
      '',
      `Open them here: ${m.url}`,
      '',
      check,
      `The link works until ${day(m.expiresAt)}.`,
      ...(m.note ? ['', `A note from ${facilityName}: ${m.note}`] : []),
      '',
      ...facilityContactLines(m.facility),
      '',
      'If you did not expect this e-mail, you can ignore it.',
    ].join('\n'),
  };
}

export function oneTimeCodeMessage(m: { code: string; validMinutes: number; facility: FacilityContact }) {
  return {
    subject: 'Your one-time code for ScanShare',
    text: [
      `Your one-time code is: ${m.code}`,
      `It opens the imaging studies ${m.facility.name} shared with you.`,
      '',
      `It works once, for ${m.validMinutes} minutes.`,
      'If you did not ask for it, you can ignore this e-mail.',
      '',
      ...facilityContactLines(m.facility),
    ].join('\n'),
  };
}

/**
 * Confirms an address for a ScanShare account's inbox. Names the facility whose
 * sign-in the account uses, so the owner of an address someone else is trying to
 * claim can tell, and warns against handing the code on.
 */
export function inboxAddressCodeMessage(m: { code: string; validMinutes: number; facilityName: string }) {
  return {
    subject: 'Your one-time code to confirm your address for ScanShare',
    text: [
      `Your one-time code is: ${m.code}`,
      '',
      `Entering it confirms this address for the "Shared with me" inbox of a ScanShare account that signs in through ${m.facilityName}:`,
      'imaging studies shared with this address will then be listed there.',
      `It works once, for ${m.validMinutes} minutes. Never give it to anyone.`,
      'If you did not ask for it, ignore this e-mail: nothing changes without the code.',
    ].join('\n'),
  };
}

export type LinkAlertKind = 'first_open' | 'download';

export function linkAlertMessage(m: {
  kind: LinkAlertKind;
  forPatient: boolean;
  patientInitials: string;
  createdAt: Date;
  at: Date;
  clientIp: string | null;
  /** The facility behind the link: named, with its contact, in the patient's alert. */
  facility: FacilityContact;
}) {
  const what = m.kind === 'first_open' ? 'opened for the first time' : 'used to download a copy of the studies';
  const whose = m.forPatient ? 'Your imaging link' : `The link you issued for patient ${m.patientInitials}`;
  return {
    subject: m.kind === 'first_open' ? 'Shared imaging was opened' : 'Shared imaging was downloaded',
    text: [
      `${whose} (created ${day(m.createdAt)}) was ${what} at ${minute(m.at)}${m.clientIp ? ` from ${m.clientIp}` : ''}.`,
      '',
      m.forPatient
        ? `If this was not you or someone you shared it with, contact ${m.facility.name}, who shared it: they can revoke the link at once.`
        : 'You can see its full history and revoke it in ScanShare.',
      ...(m.forPatient ? ['', ...facilityContactLines(m.facility)] : []),
    ].join('\n'),
  };
}

export type StorageIntegrityProblem = 'checksum_mismatch' | 'missing';

/** To a facility's admins when the integrity scrub finds a stored image changed or gone. Internal ids only. */
export function storageIntegrityAlertMessage(m: {
  facilityName: string;
  problem: StorageIntegrityProblem;
  objectRole: 'instance' | 'received';
  instanceId: string;
  studyId: string;
  at: Date;
  adminUrl: string;
}) {
  const what = m.objectRole === 'instance' ? 'The stored copy of an image' : 'The kept as-received copy of an image';
  const found =
    m.problem === 'missing'
      ? 'is missing from storage'
      : 'no longer matches the SHA-256 checksum recorded when it was stored (its bytes have changed)';
  return {
    subject: `ScanShare storage alert: an image ${m.problem === 'missing' ? 'is missing' : 'failed its integrity check'} (${m.facilityName})`,
    text: [
      `${what} at ${m.facilityName} ${found}. Found by the integrity scrub at ${minute(m.at)}.`,
      '',
      `Instance ${m.instanceId}, study ${m.studyId} (ScanShare's internal ids).`,
      '',
      'Restore the object from a backup or an earlier object version, and check the storage for other damage.',
      `The list of open findings is in ScanShare under Admin, Storage: ${m.adminUrl}`,
    ].join('\n'),
  };
}
