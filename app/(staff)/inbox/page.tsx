import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { listInbox } from '@/lib/shares/inbox';
import { requestContextFrom } from '@/lib/http/request-context';
import { inboxAddressStatus } from '@/lib/shares/inbox-address-code';
import { confirmInboxAddressAction, markReviewedAction, openInboxLinkAction, sendInboxAddressCodeAction } from './actions';
import { ConfirmAddress } from './confirm-address';

// DICOM Patient's Sex (0010,0040): M, F or O; anything else is shown as it is.
const sexWords: Record<string, string> = { M: 'male', F: 'female', O: 'other' };

/** Date of birth and sex, so two patients of one name are not confused. */
function patientFacts(s: { patientBirthDate: string | null; patientSex: string | null }): string {
  const facts = [s.patientBirthDate ? `born ${s.patientBirthDate}` : 'birth date unknown', s.patientSex ? sexWords[s.patientSex] ?? s.patientSex : null];
  return facts.filter(Boolean).join(', ');
}

export default async function InboxPage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const items = await listInbox(actor, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  const address = await inboxAddressStatus(actor);
  return (
    <main>
      <h1>Shared with me</h1>
      {!address.verified && address.confirmable && (
        <ConfirmAddress maskedEmail={address.masked} sendCode={sendInboxAddressCodeAction} confirm={confirmInboxAddressAction} />
      )}
      {items.length === 0 && <p className="card">Nothing has been shared with you yet.</p>}
      <ul className="studies">
        {items.map((item) => (
          <li key={item.shareLinkId} data-testid="inbox-item">
            <div className="muted">From <span data-testid="inbox-shared-by">{item.facilityName}</span> · shared {item.sharedAt.toLocaleDateString('en-GB')} · until {item.expiresAt.toLocaleDateString('en-GB')}</div>
            {item.noteToRecipient && <p className="muted">Note: {item.noteToRecipient}</p>}
            {item.studies.map((s) => (
              <div key={s.id} data-testid="inbox-study">
                <strong>{s.patientName || 'Patient'}</strong> <span data-testid="inbox-patient-facts">({patientFacts(s)})</span> · {s.description || 'Imaging study'} · {s.modalities.join(', ')} · {s.studyDate ?? 'date unknown'} · {s.imageCount} images
                {' · '}
                {s.reviewedAt ? (
                  <span className="ok">Reviewed {s.reviewedAt.toISOString().slice(0, 10)}</span>
                ) : (
                  <form action={markReviewedAction.bind(null, item.shareLinkId, s.id)} style={{ display: 'inline' }}>
                    <button type="submit" className="secondary">Mark reviewed</button>
                  </form>
                )}
              </div>
            ))}
            <form action={openInboxLinkAction.bind(null, item.shareLinkId)} className="actions">
              <button type="submit">Open</button>
            </form>
          </li>
        ))}
      </ul>
    </main>
  );
}
