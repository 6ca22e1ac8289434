// Grant or remove roles of a staff user of the admin's own facility; audited.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { staffRole, userRoles, users } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

export const setUserRolesInput = z.object({
  userId: z.string().uuid(),
  roles: z.array(z.enum(staffRole.enumValues)).max(4),
});

export async function setUserRoles(actor: StaffActor, input: z.infer<typeof setUserRolesInput>, context: RequestContext): Promise<void> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'user', id: input.userId }, context, () => setUserRolesUnaudited(actor, input, context));
}

async function setUserRolesUnaudited(actor: StaffActor, input: z.infer<typeof setUserRolesInput>, context: RequestContext): Promise<void> {
  if (!can(actor, 'user:manage')) throw new AppError('forbidden:user_admin');
  const roles = [...new Set(input.roles)];
  if (input.userId === actor.userId && !roles.includes('facility_admin')) {
    throw new AppError('unprocessable:self_demotion', 'You cannot remove your own administrator role.');
  }
  await db().transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.facilityId, actor.facilityId)))
      .for('update');
    if (!user) throw new AppError('not_found:user');
    const before = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id))).map((r) => r.role);
    await tx.delete(userRoles).where(eq(userRoles.userId, user.id));
    if (roles.length > 0) await tx.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
    await recordAudit(tx, {
      type: 'USER_ROLES_CHANGED',
      actor: staffAuditActor(actor),
      context,
      details: { userId: user.id, before: before.sort(), after: roles.sort() },
    });
  });
}
