import { currentLinkActor } from '@/lib/http/current-link-actor';
import { errorResponse } from '@/lib/http/error-response';
import { refreshInstanceUrl } from '@/lib/studies/refresh-instance-url';

export const dynamic = 'force-dynamic';

// For a viewer open longer than its manifest's URLs live: re-authorize, then
// redirect to a fresh presigned URL. The bytes still come straight from S3.
export async function GET(_req: Request, { params }: { params: Promise<{ linkId: string; instanceId: string }> }) {
  try {
    const { linkId, instanceId } = await params;
    const actor = await currentLinkActor(linkId);
    const url = await refreshInstanceUrl(actor, instanceId);
    return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
