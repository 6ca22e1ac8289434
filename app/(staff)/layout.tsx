import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { hasAnyRole } from '@/lib/auth/actors';

export const dynamic = 'force-dynamic';

// Convenience only: each page, action and route below re-checks through lib/.
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  return (
    <>
      <header className="site">
        <Link className="brand" href="/studies">ScanShare · staff</Link>
        <nav>
          {hasAnyRole(actor, ['front_desk', 'facility_admin']) && <Link href="/studies">Studies</Link>}
          {hasAnyRole(actor, ['front_desk', 'facility_admin']) && <Link href="/upload">Upload</Link>}
          {hasAnyRole(actor, ['front_desk', 'facility_admin']) && <Link href="/quarantine">Quarantine</Link>}
          {hasAnyRole(actor, ['clinician']) && <Link href="/inbox">Shared with me</Link>}
          {hasAnyRole(actor, ['facility_admin']) && <Link href="/admin/users">Users</Link>}
          {hasAnyRole(actor, ['facility_admin']) && <Link href="/admin/identity-providers">Sign-in</Link>}
          {hasAnyRole(actor, ['facility_admin']) && <Link href="/admin/facility">Facility</Link>}
          {hasAnyRole(actor, ['compliance', 'facility_admin']) && <Link href="/audit">Audit log</Link>}
          <Link href="/api/auth/signout">Sign out</Link>
        </nav>
      </header>
      {children}
    </>
  );
}
