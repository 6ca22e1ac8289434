import { headers } from 'next/headers';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { errorResponse } from '@/lib/http/error-response';
import { studyManifestJson } from '@/lib/studies/study-manifest';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ linkId: string; studyId: string }> }) {
  try {
    const { linkId, studyId } = await params;
    const actor = await currentLinkActor(linkId);
    const json = await studyManifestJson(actor, studyId, requestContextFrom(await headers()));
    // Holds presigned URLs: never cached by browsers or proxies.
    return new Response(json, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  } catch (err) {
    return errorResponse(err);
  }
}
