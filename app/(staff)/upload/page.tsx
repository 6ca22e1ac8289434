import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { assertCanIngest } from '@/lib/ingest/ingest-access';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { Uploader } from './uploader';

export default async function UploadPage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  try {
    assertCanIngest(actor);
  } catch (err) {
    answerStaffPageRefusal(err);
  }
  return (
    <main>
      <h1>Upload a study</h1>
      <p className="muted">
        Choose a folder copied from a CD (its DICOMDIR is fine), loose DICOM files, or a ZIP. Files go straight to
        storage; anything that is not valid DICOM is listed with the reason and the rest is kept.
      </p>
      <Uploader />
    </main>
  );
}
