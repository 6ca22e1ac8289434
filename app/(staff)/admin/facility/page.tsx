import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { getFacilityDetails } from '@/lib/facilities/facility-details';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { saveFacilityDetailsAction } from './actions';
import { FacilityDetailsForm } from './facility-details-form';

export default async function FacilityDetailsPage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const details = await getFacilityDetails(actor).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Facility contact details</h1>
      <p className="muted">
        People who receive a link from {details.name} see these on every link page, in every e-mail and on the printed handout, so they know who shared it and how to reach you.
      </p>
      <FacilityDetailsForm details={details} action={saveFacilityDetailsAction} />
    </main>
  );
}
