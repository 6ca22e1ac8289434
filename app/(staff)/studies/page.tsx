import Link from 'next/link';
import { headers } from 'next/headers';
import { requestContextFrom } from '@/lib/http/request-context';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { can } from '@/lib/auth/permissions';
import { listFacilityStudies } from '@/lib/studies/list-facility-studies';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';

const searchParamsSchema = z.object({ q: z.string().max(100).optional() });

export default async function StudiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { q } = searchParamsSchema.catch({}).parse(await searchParams);
  // Where sign-in lands: those who do not work with studies go where their role leads.
  if (!can(actor, 'study:read') && can(actor, 'inbox:use')) redirect('/inbox');
  if (!can(actor, 'study:read') && can(actor, 'audit_log:read')) redirect('/audit');
  const rows = await listFacilityStudies(actor, { search: q }, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Studies</h1>
      <form className="card" role="search">
        <label htmlFor="q">Find a patient or study</label>
        <input id="q" name="q" defaultValue={q} placeholder="Name, PatientID or description" />
      </form>
      {rows.length === 0 ? (
        <p className="card">No studies yet. <Link href="/upload">Upload one</Link>.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Patient</th><th>Date</th><th>Modality</th><th>Description</th><th>Images</th></tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td><Link href={`/studies/${s.id}`}>{s.patientName || '(no name)'}</Link><div className="muted">{s.patientId}</div></td>
                <td>{s.studyDate ?? '—'}</td>
                <td>{s.modalities.join(', ')}</td>
                <td>{s.description}</td>
                <td>{s.imageCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
