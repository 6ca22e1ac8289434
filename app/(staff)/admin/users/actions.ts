'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { staffRole } from '@/db/schema/facilities';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { setUserRoles, setUserRolesInput } from '@/lib/users/set-user-roles';
import { setUserActive } from '@/lib/users/set-user-active';
import { requestContextFrom } from '@/lib/http/request-context';
import { isAppError } from '@/lib/errors';

async function run(work: () => Promise<void>) {
  try {
    await work();
  } catch (err) {
    if (isAppError(err)) redirect(`/admin/users?error=${encodeURIComponent(err.publicMessage)}`);
    throw err;
  }
  revalidatePath('/admin/users');
}

export async function saveUserRolesAction(userId: string, form: FormData) {
  const roles = staffRole.enumValues.filter((r) => form.get(`role:${r}`) === 'on');
  const input = setUserRolesInput.parse({ userId, roles });
  const context = requestContextFrom(await headers());
  await run(async () => setUserRoles(await requireStaffActor(), input, context));
}

export async function setUserActiveAction(userId: string, active: boolean) {
  const context = requestContextFrom(await headers());
  await run(async () => setUserActive(await requireStaffActor(), userId, active, context));
}
