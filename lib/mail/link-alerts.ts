// Alerts at a link's first open and at each download: to the staff member who
// issued it (unless they turned alerts off) and to the patient's address if they
// asked for alerts. A link the patient forwarded alerts the patient (its parent's
// alert address). Queued in the caller's transaction (outbox.ts).
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { patients, shareLinks, users, type ShareLink } from '@/db/schema';
import type { RequestContext } from '@/lib/audit/record-audit';
import { patientInitials } from '@/lib/studies/patient-initials';
import { mailConfigured } from './mailer';
import { linkAlertMessage, type LinkAlertKind } from './messages';
import { unsafeFacilityContact } from '@/lib/facilities/facility-contact';
import { queueMail } from './outbox';

type AlertedLink = Pick<ShareLink, 'id' | 'facilityId' | 'patientRef' | 'createdBy' | 'parentLinkId' | 'alertIssuer' | 'alertEmail' | 'createdAt'>;

export async function queueLinkAlerts(tx: DbOrTx, link: AlertedLink, kind: LinkAlertKind, context: RequestContext): Promise<void> {
  if (!mailConfigured()) return;
  const recipients: Array<{ to: string; forPatient: boolean }> = [];
  if (link.createdBy && link.alertIssuer) {
    const [issuer] = await tx.select({ email: users.email, active: users.active }).from(users).where(eq(users.id, link.createdBy));
    if (issuer?.active) recipients.push({ to: issuer.email, forPatient: false });
  }
  let patientAddress = link.alertEmail;
  if (!patientAddress && link.parentLinkId) {
    const [parent] = await tx.select({ alertEmail: shareLinks.alertEmail }).from(shareLinks).where(eq(shareLinks.id, link.parentLinkId));
    patientAddress = parent?.alertEmail ?? null;
  }
  if (patientAddress) recipients.push({ to: patientAddress, forPatient: true });
  if (recipients.length === 0) return;

  const [patient] = await tx.select({ name: patients.name }).from(patients).where(eq(patients.id, link.patientRef));
  const at = new Date();
  const facility = await unsafeFacilityContact(link.facilityId, tx);
  for (const r of recipients) {
    const message = linkAlertMessage({ kind, forPatient: r.forPatient, patientInitials: patientInitials(patient?.name) || 'unknown', createdAt: link.createdAt, at, clientIp: context.clientIp, facility });
    await queueMail(tx, { ...message, to: r.to, kind: `link_${kind}`, facilityId: link.facilityId });
  }
}
