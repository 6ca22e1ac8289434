import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { can } from '@/lib/auth/permissions';

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
          {can(actor, 'study:read') && <Link href="/studies">Studies</Link>}
          {can(actor, 'study:ingest') && <Link href="/upload">Upload</Link>}
          {can(actor, 'quarantine:manage') && <Link href="/quarantine">Quarantine</Link>}
          {can(actor, 'inbox:use') && <Link href="/inbox">Shared with me</Link>}
          {can(actor, 'user:manage') && <Link href="/admin/users">Users</Link>}
          {can(actor, 'identity_provider:manage') && <Link href="/admin/identity-providers">Sign-in</Link>}
          {can(actor, 'facility:manage_details') && <Link href="/admin/facility">Facility</Link>}
          {can(actor, 'storage:read_integrity') && <Link href="/admin/storage">Storage</Link>}
          {can(actor, 'audit_log:read') && <Link href="/audit">Audit log</Link>}
          <Link href="/api/auth/signout">Sign out</Link>
        </nav>
      </header>
      {children}
    </>
  );
}
