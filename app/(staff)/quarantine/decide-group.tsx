'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';
import type { AcceptedStudy } from '@/lib/quarantine/accept-quarantined-study';

type Props = {
  patientName: string;
  hasMismatch: boolean;
  accept: (prev: unknown, form: FormData) => Promise<ActionResult<AcceptedStudy>>;
  reject: () => Promise<ActionResult<{ rejected: number }>>;
};

/** Accept or reject one group; the outcome replaces the buttons. */
export function DecideGroup({ patientName, hasMismatch, accept, reject }: Props) {
  const [accepted, acceptAction, accepting] = useActionState(accept, null);
  const [rejected, rejectAction, rejecting] = useActionState(reject, null);
  const busy = accepting || rejecting;

  if (accepted?.ok) {
    const { studyIds, stored, alreadyHeld, reconciled } = accepted.data;
    return (
      <div role="status">
        <p className="ok">
          Accepted for {patientName}: {stored} {stored === 1 ? 'image' : 'images'} filed
          {alreadyHeld > 0 && `, ${alreadyHeld} already held`}.
        </p>
        {reconciled > 0 && (
          <p data-testid="reconciled">
            The patient details inside {reconciled === 1 ? '1 image were' : `${reconciled} images were`} changed to {patientName}&rsquo;s; the
            sender&rsquo;s values are kept inside them, and the files as received are kept for the record.
          </p>
        )}
        {studyIds.map((id) => (
          <p key={id}><Link className="button" href={`/studies/${id}`}>Open the study</Link></p>
        ))}
      </div>
    );
  }
  if (rejected?.ok) {
    return <p className="ok" role="status">Rejected: {rejected.data.rejected} files deleted.</p>;
  }
  const failure = (accepted && !accepted.ok && accepted.message) || (rejected && !rejected.ok && rejected.message);
  return (
    <div>
      <div className="actions">
        <form action={acceptAction}>
          {hasMismatch && (
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" name="confirmMismatch" value="yes" required /> I checked these images belong to {patientName}
            </label>
          )}
          <button type="submit" disabled={busy}>{accepting ? 'Accepting…' : `Accept for ${patientName}`}</button>
        </form>
        <form action={rejectAction} style={{ alignSelf: 'flex-end' }}>
          <button type="submit" className="secondary" disabled={busy}>{rejecting ? 'Rejecting…' : 'Reject'}</button>
        </form>
      </div>
      {failure && <p className="error" role="alert">{failure}</p>}
    </div>
  );
}
