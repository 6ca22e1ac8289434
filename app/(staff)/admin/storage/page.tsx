import { redirect } from 'next/navigation';
import Link from 'next/link';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { listIntegrityFailures } from '@/lib/storage/list-integrity-failures';

const problemLabels = { checksum_mismatch: 'Bytes changed (checksum mismatch)', missing: 'Missing from storage' } as const;
const roleLabels = { instance: 'Stored image', received: 'As-received copy' } as const;
const when = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export default async function StoragePage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { openFailures, lastPassCompletedAt } = await listIntegrityFailures(actor).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Storage integrity</h1>
      <p className="muted">
        A background job re-reads every stored image and compares it with the checksum taken when it was stored.
        {lastPassCompletedAt ? ` Last full pass finished ${when(lastPassCompletedAt)}.` : ' No full pass has finished yet.'}
      </p>
      {openFailures.length === 0 ? (
        <p data-testid="no-integrity-failures">No problems found.</p>
      ) : (
        <table>
          <thead><tr><th>Found</th><th>Problem</th><th>Object</th><th>Study</th><th>Last seen</th></tr></thead>
          <tbody>
            {openFailures.map((f) => (
              <tr key={f.id} data-testid="integrity-failure-row">
                <td>{when(f.detectedAt)}</td>
                <td className="error">{problemLabels[f.problem]}</td>
                <td>{roleLabels[f.objectRole]} <div className="muted">{f.instanceId}</div></td>
                <td><Link href={`/studies/${f.studyId}`}>Open study</Link></td>
                <td>{when(f.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
