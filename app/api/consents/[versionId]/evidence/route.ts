import { headers } from 'next/headers';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { consentEvidenceUrl } from '@/lib/consents/consent-evidence-url';
import { errorResponse } from '@/lib/http/error-response';
import { requestContextFrom } from '@/lib/http/request-context';

export const dynamic = 'force-dynamic';

// The consent form's scan or the signature: authorized and recorded, then a redirect
// to a presigned URL that lives a minute.
export async function GET(_req: Request, { params }: { params: Promise<{ versionId: string }> }) {
  try {
    const { versionId } = await params;
    const actor = await requireStaffActor();
    const url = await consentEvidenceUrl(actor, versionId, requestContextFrom(await headers()));
    return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
