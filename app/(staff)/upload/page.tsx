import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { Uploader } from './uploader';

export default async function UploadPage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
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
