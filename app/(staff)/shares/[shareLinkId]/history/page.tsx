import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { LinkHistoryTable } from '@/app/components/link-history-table';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { requestContextFrom } from '@/lib/http/request-context';
import { isAppError } from '@/lib/errors';

export default async function LinkHistoryPage({ params }: { params: Promise<{ shareLinkId: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { shareLinkId } = await params;
  const events = await linkAccessHistory(actor, shareLinkId, requestContextFrom(await headers())).catch((err) => {
    if (isAppError(err) && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  });
  return (
    <main>
      <h1>Access history of a share link</h1>
      <LinkHistoryTable events={events} />
    </main>
  );
}
