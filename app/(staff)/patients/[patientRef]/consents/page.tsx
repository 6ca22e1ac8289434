import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { listPatientConsents, type ConsentVersionView } from '@/lib/consents/patient-consents';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { requestContextFrom } from '@/lib/http/request-context';
import { recordConsentAction, withdrawConsentAction } from './actions';
import { ConsentForm } from './consent-form';
import { WithdrawConsentForm } from './withdraw-form';

export const dynamic = 'force-dynamic';

const purposeLabel = { treatment: 'referral / treatment', second_opinion: 'second opinion', research: 'research' } as const;
const methodLabel = { signed_form: 'signed form', on_screen_signature: 'signed on screen', verbal_witnessed: 'verbal, witnessed' } as const;
const day = (d: Date) => d.toISOString().slice(0, 10);

function Terms({ v, studyName }: { v: ConsentVersionView; studyName: (id: string) => string }) {
  return (
    <>
      {v.recipientKind === 'named' ? `${v.recipientName} (${v.recipientEmail})` : 'anyone with the link and code'} · {purposeLabel[v.purpose]} ·{' '}
      {v.scope === 'all_studies' ? 'all studies' : v.studyIds.map(studyName).join(', ')} · {day(v.validFrom)} to {day(v.validUntil)}
    </>
  );
}

export default async function PatientConsentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientRef: string }>;
  searchParams: Promise<{ at?: string }>;
}) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { patientRef } = await params;
  const { at: atParam } = await searchParams;
  const parsedAt = atParam ? new Date(atParam) : null;
  const at = parsedAt && !Number.isNaN(parsedAt.getTime()) ? parsedAt : undefined;
  const data = await listPatientConsents(actor, patientRef, { at }, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const canRecord = can(actor, 'consent:record');
  const studyName = (id: string) => data.studies.find((s) => s.id === id)?.description || 'Study';
  const { patient } = data;

  return (
    <main>
      <h1>Consents · {patient.name || '(no name)'}</h1>
      <p className="muted">PatientID {patient.patientId} · born {patient.birthDate ?? 'unknown'}</p>
      <p className="muted">
        Sharing with the patient themself needs no consent (their right of access). Sharing with anyone else needs a consent below that
        covers the recipient, purpose, studies and dates. Consents are never deleted: a change or a withdrawal is a new version.
      </p>

      <form method="get" className="card">
        <label htmlFor="at">What was in force at</label>
        <input id="at" name="at" type="datetime-local" defaultValue={atParam ?? ''} />
        <div className="actions">
          <button type="submit" className="secondary">Show</button>
          {at && <Link href={`/patients/${patient.id}/consents`}>Now</Link>}
        </div>
      </form>

      <h2>{at ? `Consents as of ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'Consents'}</h2>
      {data.consents.length === 0 && <p className="muted">No consent on file.</p>}
      {data.consents.map((c, i) => {
        const latest = c.versions[0]!;
        const status = c.status;
        return (
          <section key={c.consentId} className="card" data-testid="consent">
            <h3 style={{ marginTop: 0 }}>
              Consent {data.consents.length - i} · <span data-testid="consent-status">{status}</span>
            </h3>
            <p>
              {at ? (
                c.inForce ? (
                  <>In force then (version {c.inForce.version}): <Terms v={c.inForce} studyName={studyName} /></>
                ) : (
                  'Not in force at that moment.'
                )
              ) : (
                <Terms v={latest} studyName={studyName} />
              )}
            </p>
            <table>
              <thead><tr><th>Version</th><th>Recorded</th><th>By</th><th>Status</th><th>Terms</th><th>How given</th><th>Note</th></tr></thead>
              <tbody>
                {c.versions.map((v) => (
                  <tr key={v.id}>
                    <td>{v.version}</td>
                    <td>{v.recordedAt.toISOString().replace('T', ' ').slice(0, 16)}</td>
                    <td>{v.recordedByEmail}</td>
                    <td>{v.status}</td>
                    <td><Terms v={v} studyName={studyName} /></td>
                    <td>
                      {methodLabel[v.method]}
                      {v.witnessName && ` (witness: ${v.witnessName})`}
                      {v.evidenceObjectKey && (
                        <> · <a href={`/api/consents/${v.id}/evidence`} target="_blank" rel="noreferrer">view</a></>
                      )}
                    </td>
                    <td>{v.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h4>Links shared under it</h4>
            {c.links.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {c.links.map((l) => (
                  <li key={l.id}>
                    {l.recipientKind === 'named' ? l.recipientEmail : 'any holder'} · created {day(l.createdAt)} · expires {day(l.expiresAt)} ·{' '}
                    <strong>{l.state}</strong> · <Link href={`/shares/${l.id}/history`}>history</Link>
                  </li>
                ))}
              </ul>
            )}
            {canRecord && status === 'active' && (
              <>
                <WithdrawConsentForm action={withdrawConsentAction.bind(null, patient.id, c.consentId)} idPrefix={`withdraw-${c.consentId}`} />
                <details>
                  <summary>Change this consent (records a new version)</summary>
                  <ConsentForm
                    action={recordConsentAction.bind(null, patient.id, c.consentId)}
                    studies={data.studies}
                    submitLabel="Record the change"
                    idPrefix={`change-${c.consentId}`}
                  />
                </details>
              </>
            )}
          </section>
        );
      })}

      {canRecord && (
        <>
          <h2>Record a new consent</h2>
          <ConsentForm action={recordConsentAction.bind(null, patient.id, null)} studies={data.studies} submitLabel="Record consent" idPrefix="new" />
        </>
      )}
    </main>
  );
}
