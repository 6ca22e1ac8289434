import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { headers } from 'next/headers';
import { requestContextFrom } from '@/lib/http/request-context';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { getStudyForStaff } from '@/lib/studies/get-study-for-staff';
import { getFacilityPolicy } from '@/lib/facilities/get-facility-policy';
import { patientInitials } from '@/lib/studies/patient-initials';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { createShareLinkAction } from './actions';
import { IssueLinkForm } from './issue-link-form';
import { shareFormDefaults } from './share-form-values';
import { mailConfigured } from '@/lib/mail/mailer';

export default async function StudyPage({ params }: { params: Promise<{ studyId: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { studyId } = await params;
  const detail = await getStudyForStaff(actor, studyId, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const policy = await getFacilityPolicy(actor);
  const { study, patient } = detail;
  return (
    <main>
      <h1>{patient.name || '(no name)'} · {study.description || 'Study'}</h1>
      <div className="card">
        <p>PatientID {patient.patientId} · born {patient.birthDate ?? 'unknown'} · study date {study.studyDate ?? 'unknown'}</p>
        <p>
          <Link href={`/patients/${patient.id}/consents`}>Consents to share</Link> ·{' '}
          <Link href={`/patients/${patient.id}/links`}>All links of this patient</Link> ·{' '}
          <Link href={`/patients/${patient.id}/upload-links`}>Ask for images (upload link)</Link>
        </p>
        <table>
          <thead><tr><th>Series</th><th>Modality</th><th>Description</th><th>Images</th></tr></thead>
          <tbody>
            {detail.series.map((s) => (
              <tr key={s.id}><td>{s.seriesNumber ?? '—'}</td><td>{s.modality}</td><td>{s.description}</td><td>{s.imageCount}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Share with a link</h2>
      <IssueLinkForm
        action={createShareLinkAction.bind(null, study.id)}
        formKey={randomUUID()}
        defaults={shareFormDefaults({ maxDays: policy.maxLinkLifetimeDays, hasBirthDate: Boolean(patient.birthDate) })}
        mailEnabled={mailConfigured()}
        maxDays={policy.maxLinkLifetimeDays}
        hasBirthDate={Boolean(patient.birthDate)}
        consentsHref={`/patients/${patient.id}/consents`}
        patientLinksHref={`/patients/${patient.id}/links`}
        studyHref={`/studies/${study.id}`}
        patientInitials={patientInitials(patient.name)}
        facilityName={policy.name}
        facilityPhone={policy.phone}
      />
      <h2>Links to this study</h2>
      {detail.links.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table>
          <thead><tr><th>Created</th><th>For</th><th>Handed to</th><th>Expires</th><th>State</th><th>Opens</th><th></th></tr></thead>
          <tbody>
            {detail.links.map((l) => (
              <tr key={l.id}>
                <td>{l.createdAt.toLocaleString()}</td>
                <td>{l.recipientKind === 'patient' ? 'patient' : l.recipientKind === 'named' ? l.recipientEmail : 'any holder'}</td>
                <td>{l.handedTo ?? ''}</td>
                <td>{l.expiresAt.toLocaleString()}</td>
                <td>{l.state}</td>
                <td>{l.openCount}</td>
                <td><Link href={`/shares/${l.id}/history`}>History</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
