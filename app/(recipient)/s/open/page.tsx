import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { pendingTokenCookieName } from '@/lib/http/pending-link-token';
import { OpenShareLinkView } from '../[token]/open-share-link-view';

export const dynamic = 'force-dynamic';

// Where /s/<token> lands (proxy.ts): the same access check, with the token out of the address bar.
export default async function OpenPendingShareLinkPage() {
  const token = (await cookies()).get(pendingTokenCookieName('s'))?.value;
  if (!token) notFound();
  return <OpenShareLinkView token={token} />;
}
