import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { lookUpUploadLink } from '@/lib/upload-links/open-upload-link';
import { checkUploadAccessAction } from './actions';
import { UploadAccessForm } from './upload-access-form';

export const dynamic = 'force-dynamic';

export default async function OpenUploadLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await lookUpUploadLink(token, requestContextFrom(await headers())).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  return (
    <main>
      <h1>Send images to {link.facilityName}</h1>
      <p>{link.facilityName} asked you to send a patient&apos;s imaging (for example the files from a CD). First, please confirm who it is for.</p>
      <UploadAccessForm kind={link.accessCheckKind} action={checkUploadAccessAction.bind(null, token)} />
    </main>
  );
}
