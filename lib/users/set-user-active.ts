// Deactivate (or reactivate) a staff user of the admin's own facility. The
// user's sessions end on their next request (lib/auth/staff-sessions.ts checks
// users.active); the audit row records who did it.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();

export async function setUserActive(actor: StaffActor, userId: string, active: boolean, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'user', id: userId }, context, () => setUserActiveUnaudited(actor, userId, active, context));
}

async function setUserActiveUnaudited(actor: StaffActor, userId: string, active: boolean, context: RequestContext): Promise<void> {
  if (!can(actor, 'user:manage')) throw new AppError('forbidden:user_admin');
  if (!uuid.safeParse(userId).success) throw new AppError('not_found:user');
  if (userId === actor.userId && !active) throw new AppError('unprocessable:self_deactivation', 'You cannot deactivate your own account.');
  await db().transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ active })
      .where(and(eq(users.id, userId), eq(users.facilityId, actor.facilityId)))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('not_found:user');
    await recordAudit(tx, {
      type: active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED',
      actor: staffAuditActor(actor),
      context,
      details: { userId },
    });
  });
}
