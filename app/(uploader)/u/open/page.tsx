import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { pendingTokenCookieName } from '@/lib/http/pending-link-token';
import { OpenUploadLinkView } from '../[token]/open-upload-link-view';

export const dynamic = 'force-dynamic';

// Where /u/<token> lands (proxy.ts): the same access check, with the token out of the address bar.
export default async function OpenPendingUploadLinkPage() {
  const token = (await cookies()).get(pendingTokenCookieName('u'))?.value;
  if (!token) notFound();
  return <OpenUploadLinkView token={token} />;
}
