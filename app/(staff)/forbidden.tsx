import { currentStaffActor } from '@/lib/auth/current-staff';
import { roleLabels } from './role-labels';

// forbidden() on a staff page (a role the signed-in user lacks): answered with 403,
// inside the staff layout, so they can still sign out or go where their roles lead.
export default async function NoAccess() {
  const actor = await currentStaffActor();
  const roles = actor && actor.roles.length > 0 ? actor.roles.map((r) => roleLabels[r].toLowerCase()).join(', ') : 'none';
  return (
    <main>
      <h1>No access</h1>
      <div className="card">
        <p>Your account has no access to this page. Ask your facility administrator for a role that opens it.</p>
        <p className="muted">Your roles: {roles}.</p>
      </div>
    </main>
  );
}
