import { redirect } from 'next/navigation';
import { z } from 'zod';
import { staffRole } from '@/db/schema/facilities';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { listFacilityUsers } from '@/lib/users/list-facility-users';
import { roleLabels } from '../../role-labels';
import { saveUserRolesAction, setUserActiveAction } from './actions';


export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { error } = z.object({ error: z.string().max(300).optional() }).catch({}).parse(await searchParams);
  const users = await listFacilityUsers(actor).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Users and roles</h1>
      {error && <p className="error" role="alert">{error}</p>}
      <table>
        <thead><tr><th>User</th><th>Signs in with</th><th>Roles</th><th>State</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td>{u.displayName}<div className="muted">{u.email}</div></td>
              <td className="muted">{u.issuers.join(', ') || 'demo'}</td>
              <td>
                <form action={saveUserRolesAction.bind(null, u.id)}>
                  {staffRole.enumValues.map((r) => (
                    <label key={r} style={{ fontWeight: 400, margin: 0 }}>
                      <input type="checkbox" name={`role:${r}`} defaultChecked={u.roles.includes(r)} /> {roleLabels[r]}
                    </label>
                  ))}
                  <button type="submit" className="secondary">Save roles</button>
                </form>
              </td>
              <td>
                {u.active ? 'Active' : 'Deactivated'}
                {u.id !== actor.userId && (
                  <form action={setUserActiveAction.bind(null, u.id, !u.active)}>
                    <button type="submit" className="secondary">{u.active ? 'Deactivate' : 'Reactivate'}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
