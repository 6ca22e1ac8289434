// "Revoke…" on the patient's links asks here first: which link, for whom, handed to
// whom, until when. Nothing changes until the clerk confirms. A page rather than
// window.confirm, so it holds without script and names the link being revoked.
import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { can } from '@/lib/auth/permissions';
import { listPatientLinks } from '@/lib/shares/list-patient-links';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { requestContextFrom } from '@/lib/http/request-context';
import { revokeLinkAction } from '../../actions';
import { RevokeConfirmForm } from './revoke-confirm-form';

export const dynamic = 'force-dynamic';

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

export default async function RevokeLinkPage({ params }: { params: Promise<{ patientRef: string; linkId: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  // Only those who may revoke are asked (lib/shares/revoke-share-link.ts checks again).
  if (!can(actor, 'share_link:manage')) forbidden();
  const { patientRef, linkId } = await params;
  const { patient, links } = await listPatientLinks(actor, patientRef, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const link = links.find((l) => l.id === linkId);
  if (!link) notFound();
  const linksHref = `/patients/${patient.id}/links`;
  const recipient = link.recipientKind === 'patient' ? 'the patient' : link.recipientKind === 'named' ? link.recipientEmail : 'any holder of the code';
  return (
    <main>
      <h1>Revoke this link?</h1>
      <div className="card" data-testid="revoke-confirmation">
        <p>
          The link for <strong>{recipient}</strong> of {patient.name || '(no name)'} (PatientID {patient.patientId})
          {link.handedTo && <>, handed to <strong data-testid="handed-to">{link.handedTo}</strong></>}:
        </p>
        <p className="muted">
          {link.studies.map((s) => s.description || 'Study').join(', ')} · created {when(link.createdAt)} · expires {when(link.expiresAt)} UTC · state {link.state}
        </p>
        {link.state === 'revoked' ? (
          <p>This link is already revoked. <a href={linksHref}>Back to the patient&apos;s links</a></p>
        ) : (
          <>
            <p>Whoever holds it can no longer open it, from their next request on. This cannot be undone; a new link can be issued.</p>
            <RevokeConfirmForm revoke={revokeLinkAction.bind(null, patient.id, link.id)} cancelHref={linksHref} />
          </>
        )}
      </div>
    </main>
  );
}
