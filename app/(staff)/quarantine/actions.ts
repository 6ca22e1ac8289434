'use server';
import { headers } from 'next/headers';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { toActionResult, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';
import { acceptQuarantinedStudy, type AcceptedStudy } from '@/lib/quarantine/accept-quarantined-study';
import { rejectQuarantinedStudy } from '@/lib/quarantine/reject-quarantined-study';

// The bound ids are validated and authorized in lib/ (a foreign or malformed id is not found).
// The page is not revalidated: the group stays on screen with its outcome until the next visit.

export async function acceptQuarantineAction(uploadLinkId: string, studyInstanceUid: string, _prev: unknown, form: FormData): Promise<ActionResult<AcceptedStudy>> {
  const context = requestContextFrom(await headers());
  const confirmMismatch = form.get('confirmMismatch') === 'yes';
  return toActionResult(async () => acceptQuarantinedStudy(await requireStaffActor(), { uploadLinkId, studyInstanceUid, confirmMismatch }, context));
}

export async function rejectQuarantineAction(uploadLinkId: string, studyInstanceUid: string): Promise<ActionResult<{ rejected: number }>> {
  const context = requestContextFrom(await headers());
  return toActionResult(async () => rejectQuarantinedStudy(await requireStaffActor(), { uploadLinkId, studyInstanceUid }, context));
}
