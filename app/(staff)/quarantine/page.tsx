import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { requestContextFrom } from '@/lib/http/request-context';
import { mismatchLabels } from '@/lib/quarantine/header-summary';
import { listQuarantineInbox } from '@/lib/quarantine/list-quarantine-inbox';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { acceptQuarantineAction, rejectQuarantineAction } from './actions';
import { DecideGroup } from './decide-group';

export const dynamic = 'force-dynamic';

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
const list = (values: string[]) => (values.length === 0 ? '—' : values.join(', '));

// Images sent in through upload links, waiting for a decision: one card per link
// and study, the patient the link was made for beside what the files say.
export default async function QuarantinePage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const groups = await listQuarantineInbox(actor, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Quarantine inbox</h1>
      <p className="muted">
        Images sent through upload links. Nothing here is in your studies until you accept it for the patient the link was made for;
        accepted images are rewritten to carry that patient&rsquo;s name, ID, birth date and sex (the sender&rsquo;s values are kept inside them).
        Rejecting deletes the files.
      </p>
      {groups.length === 0 && <p className="card">Nothing waiting.</p>}
      {groups.map((g) => {
        const patientName = g.patient.name || g.patient.patientId;
        return (
          <section key={`${g.uploadLinkId}/${g.studyInstanceUid}`} className="card" data-testid="quarantine-group" aria-label={`Upload for ${patientName}`}>
            <h2 style={{ marginTop: 0 }}>{g.header.studyDescription || 'Study'} · {list(g.header.modalities)} · {g.header.studyDate ?? 'no date'}</h2>
            <table>
              <tbody>
                <tr>
                  <th scope="row">Asked for</th>
                  <td data-testid="named-patient">{patientName} · PatientID {g.patient.patientId} · born {g.patient.birthDate ?? 'unknown'}</td>
                </tr>
                <tr>
                  <th scope="row">The files say</th>
                  <td data-testid="header-patient">{list(g.header.patientNames)} · PatientID {list(g.header.patientIds)} · born {list(g.header.birthDates)}</td>
                </tr>
                <tr>
                  <th scope="row">Files</th>
                  <td>{g.files} ({size(g.bytes)}), last received {when(g.lastReceivedAt)} UTC · link made by {g.requestedBy}</td>
                </tr>
              </tbody>
            </table>
            {g.onFile && (
              <p className={g.onFile.samePatient ? 'muted' : 'error'} data-testid="on-file">
                {g.onFile.samePatient
                  ? `This study is already on file for ${patientName}: accepting adds only the images not held yet. `
                  : 'This study is already on file under another patient: it cannot be accepted for this one. '}
                <Link href={`/studies/${g.onFile.studyId}`}>Open the study on file</Link>
              </p>
            )}
            {g.mismatches.length > 0 ? (
              <p className="error" data-testid="mismatch">Check before accepting: {g.mismatches.map((m) => mismatchLabels[m]).join(' and ')}.</p>
            ) : (
              <p className="ok" data-testid="match">PatientID and birth date match.</p>
            )}
            <DecideGroup
              patientName={patientName}
              hasMismatch={g.mismatches.length > 0}
              accept={acceptQuarantineAction.bind(null, g.uploadLinkId, g.studyInstanceUid)}
              reject={rejectQuarantineAction.bind(null, g.uploadLinkId, g.studyInstanceUid)}
            />
          </section>
        );
      })}
    </main>
  );
}
