import Link from 'next/link';
import { z } from 'zod';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { getFacilityPolicy } from '@/lib/facilities/get-facility-policy';
import { listPatientLinks } from '@/lib/shares/list-patient-links';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { requestContextFrom } from '@/lib/http/request-context';
import { extendLinkAction, unlockLinkAction } from './actions';
import { LinkControls } from './link-controls';

export const dynamic = 'force-dynamic';

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
const recipientOf = (l: { recipientKind: string; recipientEmail: string | null; parentLinkId: string | null }) =>
  l.recipientKind === 'patient' ? 'the patient' : l.recipientKind === 'named' ? l.recipientEmail : 'any holder of the code';

const searchSchema = z.object({ revoked: z.string().uuid().optional() });

export default async function PatientLinksPage({ params, searchParams }: { params: Promise<{ patientRef: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { patientRef } = await params;
  const { patient, links } = await listPatientLinks(actor, patientRef, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const policy = await getFacilityPolicy(actor);
  const canManage = can(actor, 'share_link:manage');
  // Set by the revoke confirmation page after it revoked a link (app/(staff)/patients/[patientRef]/links/[linkId]/revoke).
  const { revoked } = searchSchema.catch({}).parse(await searchParams);
  const revokedLink = revoked ? links.find((l) => l.id === revoked && l.state === 'revoked') : undefined;
  return (
    <main>
      <h1>Share links · {patient.name || '(no name)'}</h1>
      <p className="muted">PatientID {patient.patientId} · <Link href={`/patients/${patient.id}/consents`}>consents</Link></p>
      {revokedLink && (
        <p className="ok" role="status" data-testid="revoked-notice">
          Revoked the link for {recipientOf(revokedLink)}{revokedLink.handedTo ? ` (handed to ${revokedLink.handedTo})` : ''}: it stops working on its next request.
        </p>
      )}
      {links.length === 0 && <p className="card">No links yet.</p>}
      <ul className="studies">
        {links.map((l) => (
          <li key={l.id} data-testid="patient-link">
            <div>
              <strong data-testid="link-state">{l.state}</strong> · for {recipientOf(l)}
              {l.parentLinkId && ' (forwarded by the patient)'}
              {l.handedTo && <> · handed to <span data-testid="handed-to">{l.handedTo}</span></>}
            </div>
            <div className="muted">
              {l.studies.map((s) => s.description || 'Study').join(', ')} · created {when(l.createdAt)}
              {l.issuedBy ? ` by ${l.issuedBy}` : ''} · expires {when(l.expiresAt)} UTC
            </div>
            <div>
              Opened {l.openCount}
              {l.maxOpens !== null ? ` of ${l.maxOpens}` : ''} time(s){l.lastOpenedAt ? `, last ${when(l.lastOpenedAt)}` : ''} · downloaded {l.downloadCount} time(s)
              {!l.allowDownload && ' · view only'}
              {l.allowForward && ' · may be forwarded'} · <Link href={`/shares/${l.id}/history`}>history</Link>
            </div>
            {canManage && (
              <LinkControls
                state={l.state}
                maxDays={policy.maxLinkLifetimeDays}
                revokeHref={`/patients/${patient.id}/links/${l.id}/revoke`}
                unlock={unlockLinkAction.bind(null, patient.id, l.id)}
                extend={extendLinkAction.bind(null, patient.id, l.id)}
              />
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
