import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LinkHistoryTable } from '@/app/components/link-history-table';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { linkAccessHistory } from '@/lib/audit/link-access-history';
import { requestContextFrom } from '@/lib/http/request-context';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';

export default async function LinkHistoryPage({ params }: { params: Promise<{ shareLinkId: string }> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const { shareLinkId } = await params;
  const events = await linkAccessHistory(actor, shareLinkId, requestContextFrom(await headers())).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Access history of a share link</h1>
      <LinkHistoryTable events={events} />
    </main>
  );
}
