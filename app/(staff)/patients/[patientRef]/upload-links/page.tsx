import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { requestContextFrom } from '@/lib/http/request-context';
import { listPatientUploadLinks } from '@/lib/upload-links/list-patient-upload-links';
import { getFacilityPolicy } from '@/lib/facilities/get-facility-policy';
import { patientInitials } from '@/lib/studies/patient-initials';
import { createUploadLinkAction, revokeUploadLinkAction } from './actions';
import { CreateUploadLinkForm } from './create-upload-link-form';
import { RevokeUploadLinkButton } from './revoke-upload-link-button';

export const dynamic = 'force-dynamic';

const day = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

// "Send us your images": a link for someone outside (the patient, another
// hospital) to upload a CD or folder for this patient. What arrives waits in the
// quarantine inbox until staff accept or reject it.
export default async function PatientUploadLinksPage({ params }: { params: Promise<{ patientRef: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { patientRef } = await params;
  const data = await listPatientUploadLinks(actor, patientRef, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const { patient } = data;
  const policy = await getFacilityPolicy(actor);
  return (
    <main>
      <h1>Ask for images · {patient.name || '(no name)'}</h1>
      <p className="muted">PatientID {patient.patientId} · born {patient.birthDate ?? 'unknown'}</p>
      <p>
        Create a link for someone outside (the patient, another hospital) to send this patient&apos;s images, e.g. from a CD. Files sent
        through it wait in the <Link href="/quarantine">quarantine inbox</Link> until you accept them for this patient or reject them.
      </p>
      <h2>New upload link</h2>
      <CreateUploadLinkForm action={createUploadLinkAction.bind(null, patient.id)} maxDays={data.maxLinkLifetimeDays} hasBirthDate={Boolean(patient.birthDate)}
        patientInitials={patientInitials(patient.name)}
        facilityName={policy.name}
      />
      <h2>Upload links for this patient</h2>
      {data.links.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table data-testid="upload-links">
          <thead><tr><th>Created</th><th>Expires</th><th>Check</th><th>State</th><th>Files (waiting / accepted / rejected)</th><th></th></tr></thead>
          <tbody>
            {data.links.map((l) => (
              <tr key={l.id}>
                <td>{day(l.createdAt)}</td>
                <td>{day(l.expiresAt)}</td>
                <td>{l.accessCheckKind === 'birth_date' ? 'date of birth' : 'code'}</td>
                <td>{l.state}</td>
                <td>{l.files.pending} / {l.files.accepted} / {l.files.rejected}</td>
                <td>{l.state === 'active' && <RevokeUploadLinkButton action={revokeUploadLinkAction.bind(null, patient.id, l.id)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
