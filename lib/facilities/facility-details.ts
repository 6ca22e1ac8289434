// A facility's contact details as its admin sees and edits them (the admin page).
// Changing them is audited with what changed; only the actor's own facility, and
// only for a facility admin: another facility's is "not found", like anything not theirs.
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { recordRefusal, withRefusalAudit } from '@/lib/audit/record-refusal';
import { AppError } from '@/lib/errors';
import type { FacilityDetailsInput } from './facility-details-input';

export type FacilityDetails = {
  facilityId: string;
  /** The facility's registered name, shown when no display name is set. */
  name: string;
  displayName: string | null;
  phone: string | null;
  address: string | null;
  helpText: string | null;
};

const detailColumns = {
  facilityId: facilities.id,
  name: facilities.name,
  displayName: facilities.displayName,
  phone: facilities.phone,
  address: facilities.address,
  helpText: facilities.helpText,
};

function requireAdmin(actor: StaffActor): void {
  if (!can(actor, 'facility:manage_details')) throw new AppError('forbidden:facility_admin');
}

/** The admin's own facility's details. */
export async function getFacilityDetails(actor: StaffActor): Promise<FacilityDetails> {
  requireAdmin(actor);
  const [row] = await db().select(detailColumns).from(facilities).where(eq(facilities.id, actor.facilityId));
  if (!row) throw new AppError('not_found:facility');
  return row;
}

export async function updateFacilityDetails(actor: StaffActor, input: FacilityDetailsInput, context: RequestContext): Promise<FacilityDetails> {
  const requested = { type: 'facility' as const, id: input.facilityId };
  if (!can(actor, 'facility:manage_details')) {
    // A change refused for want of the role is recorded too (404s are, by withRefusalAudit).
    await recordRefusal({ actor: staffAuditActor(actor), context, requested, action: 'U', reason: 'not_permitted', details: { code: 'forbidden:facility_admin' } });
    throw new AppError('forbidden:facility_admin');
  }
  return withRefusalAudit(staffAuditActor(actor), requested, context, async () => {
    return db().transaction(async (tx) => {
      const { facilityId, ...details } = input;
      // Scoped by the actor's facility: an id of another facility matches no row.
      const [before] = await tx
        .select(detailColumns)
        .from(facilities)
        .where(and(eq(facilities.id, facilityId), eq(facilities.id, actor.facilityId)))
        .for('update');
      if (!before) throw new AppError('not_found:facility');
      const [after] = await tx.update(facilities).set(details).where(eq(facilities.id, before.facilityId)).returning(detailColumns);
      const changed = (Object.keys(details) as Array<keyof typeof details>).filter((k) => before[k] !== details[k]);
      await recordAudit(tx, {
        type: 'FACILITY_DETAILS_CHANGED',
        actor: staffAuditActor(actor),
        context,
        subject: { type: 'facility', id: before.facilityId },
        // The details are public contact text, not patient data: the new values are kept for the record.
        details: { changed, ...Object.fromEntries(changed.map((k) => [k, details[k]])) },
      });
      return after!;
    });
  });
}
