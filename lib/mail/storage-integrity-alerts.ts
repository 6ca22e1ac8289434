// An integrity finding e-mailed to every active admin of the facility, queued in the
// same transaction as the finding and its audit row (outbox.ts), so none is lost
// while SMTP is down. No mail configured: the admin page's list is the alert.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { facilities, userRoles, users } from '@/db/schema';
import { env } from '@/lib/env';
import { mailConfigured } from './mailer';
import { storageIntegrityAlertMessage, type StorageIntegrityProblem } from './messages';
import { queueMail } from './outbox';

export async function queueStorageIntegrityAlerts(
  tx: DbOrTx,
  finding: { facilityId: string; instanceId: string; studyId: string; problem: StorageIntegrityProblem; objectRole: 'instance' | 'received' },
): Promise<number> {
  if (!mailConfigured()) return 0;
  const admins = await tx
    .select({ email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'facility_admin')))
    .where(and(eq(users.facilityId, finding.facilityId), eq(users.active, true)));
  if (admins.length === 0) return 0;
  const [facility] = await tx.select({ name: facilities.name }).from(facilities).where(eq(facilities.id, finding.facilityId));
  const message = storageIntegrityAlertMessage({
    ...finding,
    facilityName: facility?.name ?? 'your facility',
    at: new Date(),
    adminUrl: new URL('/admin/storage', env().PUBLIC_ORIGIN).toString(),
  });
  for (const admin of admins) {
    await queueMail(tx, { ...message, to: admin.email, kind: 'storage_integrity', facilityId: finding.facilityId });
  }
  return admins.length;
}
