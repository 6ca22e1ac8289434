import { headers } from 'next/headers';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { errorResponse } from '@/lib/http/error-response';
import { buildStudyManifest } from '@/lib/studies/study-manifest';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ linkId: string; studyId: string }> }) {
  try {
    const { linkId, studyId } = await params;
    const actor = await currentLinkActor(linkId);
    const manifest = await buildStudyManifest(actor, studyId, requestContextFrom(await headers()));
    // Holds presigned URLs: never cached anywhere.
    return Response.json(manifest, { headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  } catch (err) {
    return errorResponse(err);
  }
}
