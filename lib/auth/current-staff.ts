// The staff actor of the current request (server components, actions, route
// handlers), or null. Every staff route re-checks through here: layouts do not
// re-run for server actions, and middleware alone is not a gate.
import { getServerSession } from 'next-auth/next';
import { AppError } from '@/lib/errors';
import { baseAuthOptions } from './auth-options';
import { loadStaffActor } from './load-staff-actor';
import { checkStaffSession } from './staff-sessions';
import type { StaffActor } from './actors';

export async function currentStaffActor(): Promise<StaffActor | null> {
  const session = await getServerSession(baseAuthOptions());
  const sessionId = (session as { sessionId?: unknown } | null)?.sessionId;
  if (typeof sessionId !== 'string') return null;
  const userId = await checkStaffSession(sessionId);
  return userId ? loadStaffActor(userId) : null;
}

export async function requireStaffActor(): Promise<StaffActor> {
  const actor = await currentStaffActor();
  if (!actor) throw new AppError('unauthorized:staff');
  return actor;
}
